package org.mast3r.scene.refine;

import org.mast3r.geometry.SymmetricEigen;

/**
 * The initial 3D point of a track: linear triangulation (DLT, Hartley & Zisserman 12.2) over all its
 * views, in double. Each view adds two rows x P3 - P1, y P3 - P2 for its normalised pixel
 * (x, y) = ((u - cx) / fx, (v - cy) / fy) and P = [R | -R C]; the point is the eigenvector of A^T A [4,4]
 * with the smallest eigenvalue. Before that the world is shifted to the mean of the track's camera
 * centres and scaled by their RMS spread, so the four homogeneous unknowns have like magnitudes.
 * A point that is not {@link #plausible} is no point (null).
 */
final class Triangulation {
    /**
     * Farther than this many spreads of its cameras' centres from their mean, a point's rays meet at
     * about a degree or less (two views: baseline / distance = 1/50): its depth is barely determined, and
     * a track of wrong matches whose rays do not meet drifts out there. COLMAP filters points under
     * 1.5 degrees the same way.
     */
    static final double FAR = 100;

    private Triangulation() {}

    /** The world point [3] of pixels {@code xy} [K,2] in images {@code images} [K] of {@code cams} ({@link CameraArray}), or null. */
    static double[] point(double[] cams, int[] images, double[] xy) {
        int k = images.length;
        double[] c0 = new double[3];
        for (int image : images)
            for (int a = 0; a < 3; a++) c0[a] += cams[CameraArray.STRIDE * image + CameraArray.C + a] / k;
        double spread = 0;
        for (int image : images)
            for (int a = 0; a < 3; a++) {
                double d = cams[CameraArray.STRIDE * image + CameraArray.C + a] - c0[a];
                spread += d * d / k;
            }
        double s = spread > 0 ? Math.sqrt(spread) : 1;
        // X = c0 + s X': X_cam = s (R X' + R (c0 - C) / s), so P' = [R | R (c0 - C) / s] up to scale
        double[] ata = new double[16], p = new double[12], row = new double[4];
        for (int i = 0; i < k; i++) {
            int o = CameraArray.STRIDE * images[i];
            for (int r = 0; r < 3; r++) {
                double t = 0;
                for (int a = 0; a < 3; a++) {
                    p[4 * r + a] = cams[o + 3 * r + a];
                    t += cams[o + 3 * r + a] * (c0[a] - cams[o + CameraArray.C + a]);
                }
                p[4 * r + 3] = t / s;
            }
            double x = (xy[2 * i] - cams[o + CameraArray.CX]) / cams[o + CameraArray.FX];
            double y = (xy[2 * i + 1] - cams[o + CameraArray.CY]) / cams[o + CameraArray.FY];
            for (int c = 0; c < 4; c++) row[c] = x * p[8 + c] - p[c];
            addOuter(ata, row);
            for (int c = 0; c < 4; c++) row[c] = y * p[8 + c] - p[4 + c];
            addOuter(ata, row);
        }
        double[] h = SymmetricEigen.of(ata, 4).vector(3);
        if (!(Math.abs(h[3]) > 1e-12)) return null;
        double[] x = {c0[0] + s * h[0] / h[3], c0[1] + s * h[1] / h[3], c0[2] + s * h[2] / h[3]};
        return plausible(cams, images, 0, k, x, 0) ? x : null;
    }

    /**
     * Whether point t of {@code pts} [T,3] is in front of the cameras images[from .. to) (z > 0) and at
     * most {@link #FAR} spreads of their centres from the centres' mean (a spread of 0 counts as 1).
     */
    static boolean plausible(double[] cams, int[] images, int from, int to, double[] pts, int t) {
        double x = pts[3 * t], y = pts[3 * t + 1], z = pts[3 * t + 2];
        double mx = 0, my = 0, mz = 0, sq = 0;
        for (int i = from; i < to; i++) {
            int o = CameraArray.STRIDE * images[i];
            double cx = cams[o + CameraArray.C], cy = cams[o + CameraArray.C + 1], cz = cams[o + CameraArray.C + 2];
            if (!(cams[o + 6] * (x - cx) + cams[o + 7] * (y - cy) + cams[o + 8] * (z - cz) > 0)) return false;
            mx += cx;
            my += cy;
            mz += cz;
            sq += cx * cx + cy * cy + cz * cz;
        }
        int k = to - from;
        mx /= k;
        my /= k;
        mz /= k;
        double spread = Math.max(0, sq / k - (mx * mx + my * my + mz * mz));   // mean |C - mean|^2
        double dx = x - mx, dy = y - my, dz = z - mz;
        return dx * dx + dy * dy + dz * dz <= FAR * FAR * (spread > 0 ? spread : 1);
    }

    private static void addOuter(double[] ata, double[] row) {
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++) ata[4 * a + b] += row[a] * row[b];
    }
}
