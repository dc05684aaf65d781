package org.mast3r.export;

/**
 * A point cloud with cameras drawn into it: each camera's frustum (apex at its centre, a rectangle
 * through the image corners at a depth of a tenth of the scene's median depth) sampled as points.
 */
public final class CameraFrustum {
    private static final int SAMPLES_PER_EDGE = 40;
    private static final byte[][] COLOURS = {{(byte) 230, 40, 40}, {40, 90, (byte) 230}};

    /** Interleaved xyz [N, 3], rgb [N, 3], conf [N] (cameras get 0). */
    public record Cloud(float[] xyz, byte[] rgb, float[] conf) {
        public int[] all() {
            int[] idx = new int[conf.length];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            return idx;
        }
    }

    private CameraFrustum() {}

    /**
     * {@code pts} [H*W, 3] and {@code rgb} of view 1, plus camera k with rotation r_k (row-major, camera to
     * view 1's frame), centre t_k, image size and focal (pixels).
     */
    public static Cloud withCameras(float[] pts, byte[] rgb, double[] r1, double[] t1, int w1, int h1, double f1,
                                    double[] r2, double[] t2, int w2, int h2, double f2) {
        int n = pts.length / 3, extra = 2 * 8 * SAMPLES_PER_EDGE;
        float[] xyz = java.util.Arrays.copyOf(pts, 3 * (n + extra));
        byte[] col = java.util.Arrays.copyOf(rgb, 3 * (n + extra));
        float[] conf = new float[n + extra];
        java.util.Arrays.fill(conf, 0, n, 1f);
        double depth = frustumDepth(pts);
        int at = frustum(xyz, col, n, r1, t1, w1, h1, f1, depth, COLOURS[0]);
        frustum(xyz, col, at, r2, t2, w2, h2, f2, depth, COLOURS[1]);
        return new Cloud(xyz, col, conf);
    }

    /** Camera {@code k}'s (0 or 1) colour as RGB bytes: camera 1 red, camera 2 blue. */
    public static byte[] colour(int k) {
        return COLOURS[k].clone();
    }

    /** The frustum depth of a scene whose view-1 pointmap is {@code pts} [N, 3]: a tenth of its median depth. */
    public static double frustumDepth(float[] pts) {
        return 0.1 * medianDepth(pts);
    }

    /**
     * A camera's frustum as 8 line segments [16, 3] (apex to each corner, then the rectangle), in the
     * frame where the camera has rotation {@code r} and centre {@code t}.
     */
    public static float[] segments(double[] r, double[] t, int w, int h, double f, double depth) {
        double[][] corners = corners(r, t, w, h, f, depth);
        float[] xyz = new float[16 * 3];
        for (int c = 0; c < 4; c++) {
            put(xyz, 4 * c, t);
            put(xyz, 4 * c + 1, corners[c]);
            put(xyz, 4 * c + 2, corners[c]);
            put(xyz, 4 * c + 3, corners[(c + 1) % 4]);
        }
        return xyz;
    }

    private static void put(float[] xyz, int at, double[] p) {
        for (int k = 0; k < 3; k++) xyz[3 * at + k] = (float) p[k];
    }

    /** The image corners (0,0), (w,0), (w,h), (0,h) pushed out to {@code depth} along their rays. */
    private static double[][] corners(double[] r, double[] t, int w, int h, double f, double depth) {
        double[][] corners = new double[4][];
        double[][] px = {{0, 0}, {w, 0}, {w, h}, {0, h}};
        for (int c = 0; c < 4; c++) {
            double[] ray = {(px[c][0] - w / 2.0) / f * depth, (px[c][1] - h / 2.0) / f * depth, depth};
            corners[c] = transform(r, t, ray);
        }
        return corners;
    }

    private static int frustum(float[] xyz, byte[] col, int at, double[] r, double[] t, int w, int h, double f,
                               double depth, byte[] colour) {
        double[][] corners = corners(r, t, w, h, f, depth);
        for (int c = 0; c < 4; c++) {
            at = edge(xyz, col, at, t, corners[c], colour);
            at = edge(xyz, col, at, corners[c], corners[(c + 1) % 4], colour);
        }
        return at;
    }

    private static int edge(float[] xyz, byte[] col, int at, double[] a, double[] b, byte[] colour) {
        for (int s = 0; s < SAMPLES_PER_EDGE; s++, at++) {
            double u = s / (SAMPLES_PER_EDGE - 1.0);
            for (int k = 0; k < 3; k++) {
                xyz[3 * at + k] = (float) (a[k] + u * (b[k] - a[k]));
                col[3 * at + k] = colour[k];
            }
        }
        return at;
    }

    private static double[] transform(double[] r, double[] t, double[] p) {
        return new double[] {
            r[0] * p[0] + r[1] * p[1] + r[2] * p[2] + t[0],
            r[3] * p[0] + r[4] * p[1] + r[5] * p[2] + t[1],
            r[6] * p[0] + r[7] * p[1] + r[8] * p[2] + t[2],
        };
    }

    private static double medianDepth(float[] pts) {
        int n = pts.length / 3;
        float[] z = new float[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (Float.isFinite(pts[3 * i + 2])) z[m++] = Math.abs(pts[3 * i + 2]);
        if (m == 0) return 1;
        java.util.Arrays.sort(z, 0, m);
        return Math.max(1e-6, z[m / 2]);
    }
}
