package org.mast3r.geometry;

/**
 * Tests for point sets that cannot fix a pose, from the eigenvalues of their scatter matrices: a ratio
 * test, so it does not depend on the scene's units.
 */
final class Degeneracy {
    /** Second/first eigenvalue below this: the points lie on a line (to about 1e-5 of their spread). */
    static final double LINE_RATIO = 1e-10;
    /** Third/first eigenvalue of the ray scatter below this: every ray lies in one plane. */
    static final double PLANE_RATIO = 1e-10;

    private Degeneracy() {}

    /** True when the selected [N,3] points ({@code use} null: all) lie on a line, or are fewer than 2 distinct. */
    static boolean collinear(double[] pts, boolean[] use) {
        double[] ev = scatterEigenvalues(pts, use, true);
        return !(ev[0] > 0) || ev[1] <= LINE_RATIO * ev[0];
    }

    /**
     * True when the unit rays [N,3] all lie in one plane through the camera centre, i.e. the image
     * points lie on one line: the 3D points then sit on a plane through the centre and the pose slides.
     */
    static boolean raysCoplanar(double[] rays, boolean[] use) {
        double[] ev = scatterEigenvalues(rays, use, false);
        return !(ev[0] > 0) || ev[2] <= PLANE_RATIO * ev[0];
    }

    // Eigenvalues (descending) of sum (p - c)(p - c)^T, centred on the mean or on the origin.
    private static double[] scatterEigenvalues(double[] pts, boolean[] use, boolean centre) {
        int n = pts.length / 3, m = 0;
        double[] c = new double[3];
        if (centre) {
            for (int i = 0; i < n; i++) {
                if (use != null && !use[i]) continue;
                m++;
                for (int k = 0; k < 3; k++) c[k] += pts[3 * i + k];
            }
            if (m == 0) return new double[3];
            for (int k = 0; k < 3; k++) c[k] /= m;
        }
        double[] s = new double[9];
        for (int i = 0; i < n; i++) {
            if (use != null && !use[i]) continue;
            double x = pts[3 * i] - c[0], y = pts[3 * i + 1] - c[1], z = pts[3 * i + 2] - c[2];
            s[0] += x * x; s[1] += x * y; s[2] += x * z; s[4] += y * y; s[5] += y * z; s[8] += z * z;
        }
        s[3] = s[1]; s[6] = s[2]; s[7] = s[5];
        return SymmetricEigen.of(s, 3).values();
    }
}
