package org.mast3r.scene.refine;

import org.mast3r.scene.align.PairCorrespondences;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mast3r.geometry.Rotations;
import org.mast3r.geometry.Similarity;
import org.mast3r.geometry.Umeyama;

/**
 * A scene with known truth: cameras on an arc of radius ~4 around random points in a cube of side 3,
 * each looking at the origin, and the pair matches of the points both cameras see (pixel + Gaussian noise,
 * rounded to integers as matches are). An outlier match keeps its pixel in image a and takes a random
 * pixel in image b. {@code neighbours} pairs each camera with the next few on the arc (0: all pairs).
 * Images are 512x384, focals 400-500 px.
 */
record SyntheticScene(List<Camera> truth, double[] points, List<PairCorrespondences> matches) {
    static final int WIDTH = 512, HEIGHT = 384;

    static SyntheticScene make(SplittableRandom rnd, int cameras, int points, double noisePx, double outlierFrac, int neighbours) {
        return make(rnd, cameras, points, noisePx, outlierFrac, neighbours, 0);
    }

    /** As above with every focal {@code focal} (0: each drawn in [400, 500]). */
    static SyntheticScene make(SplittableRandom rnd, int cameras, int points, double noisePx, double outlierFrac, int neighbours, double focal) {
        List<Camera> truth = new ArrayList<>();
        for (int j = 0; j < cameras; j++) {
            double angle = Math.toRadians(-60 + 120.0 * j / (cameras - 1)), radius = 4 + rnd.nextDouble(-0.3, 0.3);
            double[] c = {radius * Math.sin(angle), rnd.nextDouble(-0.6, 0.6), -radius * Math.cos(angle)};
            truth.add(lookAt(c, focal > 0 ? focal : 400 + rnd.nextDouble(100)));
        }
        double[] pts = new double[3 * points];
        for (int i = 0; i < pts.length; i++) pts[i] = rnd.nextDouble(-1.5, 1.5);
        // pixel [cameras][points] (x, y) or -1 when not seen
        int[][] pix = new int[cameras][2 * points];
        for (int j = 0; j < cameras; j++)
            for (int i = 0; i < points; i++) {
                double[] uv = project(truth.get(j), pts, i);
                int x = (int) Math.round(uv[0] + noisePx * rnd.nextGaussian()), y = (int) Math.round(uv[1] + noisePx * rnd.nextGaussian());
                boolean in = uv[2] > 0 && x >= 0 && y >= 0 && x < WIDTH && y < HEIGHT;
                pix[j][2 * i] = in ? x : -1;
                pix[j][2 * i + 1] = in ? y : -1;
            }
        List<PairCorrespondences> matches = new ArrayList<>();
        for (int a = 0; a < cameras; a++)
            for (int b = a + 1; b < cameras && (neighbours == 0 || b <= a + neighbours); b++) {
                List<int[]> list = new ArrayList<>();
                for (int i = 0; i < points; i++) {
                    if (pix[a][2 * i] < 0 || pix[b][2 * i] < 0) continue;
                    boolean outlier = rnd.nextDouble() < outlierFrac;
                    list.add(new int[] {pix[a][2 * i], pix[a][2 * i + 1],
                        outlier ? rnd.nextInt(WIDTH) : pix[b][2 * i], outlier ? rnd.nextInt(HEIGHT) : pix[b][2 * i + 1]});
                }
                int[] xyA = new int[2 * list.size()], xyB = new int[2 * list.size()];
                float[] conf = new float[list.size()];
                for (int m = 0; m < list.size(); m++) {
                    int[] e = list.get(m);
                    xyA[2 * m] = e[0]; xyA[2 * m + 1] = e[1]; xyB[2 * m] = e[2]; xyB[2 * m + 1] = e[3];
                    conf[m] = (float) rnd.nextDouble(1.5, 3);
                }
                matches.add(new PairCorrespondences(a, b, xyA, xyB, conf, null));
            }
        return new SyntheticScene(truth, pts, matches);
    }

    /** A camera at {@code c} looking at the origin, image y down (world +y), focal f, centred principal point. */
    static Camera lookAt(double[] c, double f) {
        double[] z = normalise(new double[] {-c[0], -c[1], -c[2]});
        double[] x = normalise(cross(new double[] {0, 1, 0}, z));
        double[] y = cross(z, x);
        double[] m = {x[0], y[0], z[0], c[0], x[1], y[1], z[1], c[1], x[2], y[2], z[2], c[2], 0, 0, 0, 1};
        return new Camera(new double[] {f, 0, WIDTH / 2.0, 0, f, HEIGHT / 2.0, 0, 0, 1}, m);
    }

    /** (u, v, z) of point i by camera c. */
    static double[] project(Camera c, double[] pts, int i) {
        double[] m = c.cam2w(), k = c.K();
        double dx = pts[3 * i] - m[3], dy = pts[3 * i + 1] - m[7], dz = pts[3 * i + 2] - m[11];
        double x = m[0] * dx + m[4] * dy + m[8] * dz, y = m[1] * dx + m[5] * dy + m[9] * dz, z = m[2] * dx + m[6] * dy + m[10] * dz;
        return new double[] {k[0] * x / z + k[2], k[4] * y / z + k[5], z};
    }

    /** Each camera turned by {@code deg} about a random axis, its centre moved by {@code centreFrac} of the extent, its focal scaled by 1 +- focalFrac. */
    List<Camera> perturbed(SplittableRandom rnd, double deg, double centreFrac, double focalFrac) {
        double extent = extent(truth);
        List<Camera> out = new ArrayList<>();
        for (Camera c : truth) {
            double[] axis = normalise(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()});
            double th = Math.toRadians(deg);
            double[] r = Rotations.multiply(Rotations.exp(th * axis[0], th * axis[1], th * axis[2]), rotation(c));
            double[] dir = normalise(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()});
            double[] m = c.cam2w().clone();
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) m[4 * a + b] = r[3 * a + b];
                m[4 * a + 3] += centreFrac * extent * dir[a];
            }
            double[] k = c.K().clone();
            double s = 1 + (rnd.nextBoolean() ? focalFrac : -focalFrac);
            k[0] *= s;
            k[4] *= s;
            out.add(new Camera(k, m));
        }
        return out;
    }

    /**
     * The worst camera errors of {@code est} against the truth after the similarity that best maps the
     * estimated centres onto the true ones (Umeyama with scale): rotation (deg), focal (relative), centre
     * (relative to the extent, the largest distance between two true centres).
     */
    Errors errors(List<Camera> est) {
        int n = truth.size();
        double[] src = new double[3 * n], dst = new double[3 * n];
        for (int j = 0; j < n; j++)
            for (int a = 0; a < 3; a++) {
                src[3 * j + a] = est.get(j).cam2w()[4 * a + 3];
                dst[3 * j + a] = truth.get(j).cam2w()[4 * a + 3];
            }
        Similarity s = Umeyama.fit(src, dst, true);
        double extent = extent(truth), rot = 0, focal = 0, centre = 0;
        for (int j = 0; j < n; j++) {
            rot = Math.max(rot, Rotations.angleDeg(Rotations.multiply(s.rotation(), rotation(est.get(j))), rotation(truth.get(j))));
            focal = Math.max(focal, Math.abs(est.get(j).K()[0] / truth.get(j).K()[0] - 1));
            double[] c = s.apply(new double[] {src[3 * j], src[3 * j + 1], src[3 * j + 2]});
            double d = 0;
            for (int a = 0; a < 3; a++) d += (c[a] - dst[3 * j + a]) * (c[a] - dst[3 * j + a]);
            centre = Math.max(centre, Math.sqrt(d) / extent);
        }
        return new Errors(rot, focal, centre);
    }

    record Errors(double rotationDeg, double focalRel, double centreRel) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "rotation %.4f deg, focal %.4f %%, centre %.4f %% of extent", rotationDeg, 100 * focalRel, 100 * centreRel);
        }
    }

    static double[] rotation(Camera c) {
        double[] m = c.cam2w();
        return new double[] {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]};
    }

    static double extent(List<Camera> cams) {
        double e = 0;
        for (Camera a : cams)
            for (Camera b : cams) {
                double d = 0;
                for (int k = 0; k < 3; k++) d += Math.pow(a.cam2w()[4 * k + 3] - b.cam2w()[4 * k + 3], 2);
                e = Math.max(e, Math.sqrt(d));
            }
        return e;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalise(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }
}
