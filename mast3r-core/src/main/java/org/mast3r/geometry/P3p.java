package org.mast3r.geometry;

/**
 * The minimal absolute-pose solver: three 3D points and their unit rays give up to four camera poses
 * X_cam = R X + t. Grunert's formulation (review: Haralick et al. 1994, "Review and analysis of
 * solutions of the three point perspective pose estimation problem"): with distances s_i along the
 * rays, the triangle's sides give three law-of-cosines equations; s2 = u s1, s3 = v s1 eliminates s1,
 * and u is linear once the two remaining quadratics in u are subtracted, which leaves a quartic in v.
 * We build the quartic by polynomial products here rather than copying its expanded coefficients.
 * The pose from the three camera-frame points is then Horn's alignment ({@link Umeyama}).
 */
final class P3p {
    private P3p() {}

    /**
     * {@code world} [3,3] points (rows), {@code rays} [3,3] unit rays (rows); returns up to four poses as
     * {R (9), t (3)} arrays of 12. Degenerate triangles give none.
     */
    static double[][] solve(double[] world, double[] rays) {
        double aa = dist2(world, 1, 2), bb = dist2(world, 0, 2), cc = dist2(world, 0, 1);
        if (!(bb > 0) || !(aa > 0) || !(cc > 0)) return new double[0][];
        double cosA = dot(rays, 1, 2), cosB = dot(rays, 0, 2), cosG = dot(rays, 0, 1);
        double ab = aa / bb, cb = cc / bb;
        // divided by b^2 and written in v (lowest power first):
        //   E1: u^2 - 2 cosG u + C1(v) = 0,       C1 = 1 - cb (1 + v^2 - 2 v cosB)
        //   E2: u^2 - 2 cosA v u + C2(v) = 0,     C2 = v^2 - ab (1 + v^2 - 2 v cosB)
        // E1 - E2: D(v) u = C2 - C1 with D = B1 - B2 = 2 (cosA v - cosG)
        double[] q = {1, -2 * cosB, 1};                              // 1 + v^2 - 2 v cosB
        double[] c1 = add(new double[] {1}, scale(q, -cb));
        double[] c2 = add(new double[] {0, 0, 1}, scale(q, -ab));
        double[] d = {-2 * cosG, 2 * cosA};
        double[] e = add(c2, scale(c1, -1));                          // C2 - C1
        // E1 times D^2:  e^2 + B1 e D + C1 D^2 = 0, B1 = -2 cosG
        double[] quartic = add(add(mul(e, e), scale(mul(e, d), -2 * cosG)), mul(c1, mul(d, d)));
        double[] roots = Polynomials.realRoots(quartic);
        double[][] out = new double[roots.length][];
        int m = 0;
        double[] cam = new double[9];
        for (double v : roots) {
            v = polish(quartic, v);
            double dv = Polynomials.eval(d, v);
            if (!(v > 0) || Math.abs(dv) < 1e-12) continue;
            double u = Polynomials.eval(e, v) / dv;
            double den = Polynomials.eval(q, v);
            if (!(u > 0) || !(den > 0)) continue;
            double s1 = Math.sqrt(bb / den), s2 = u * s1, s3 = v * s1;
            double[] s = {s1, s2, s3};
            for (int i = 0; i < 3; i++) for (int k = 0; k < 3; k++) cam[3 * i + k] = s[i] * rays[3 * i + k];
            Similarity fit = Umeyama.fitSubset(world, cam, new boolean[] {true, true, true}, false);
            if (!fit.ok()) continue;
            double[] pose = new double[12];
            System.arraycopy(fit.rotation(), 0, pose, 0, 9);
            System.arraycopy(fit.translation(), 0, pose, 9, 3);
            out[m++] = pose;
        }
        return java.util.Arrays.copyOf(out, m);
    }

    // two Newton steps on the unnormalised quartic: the bracketing search stops at 1e-15 relative
    // in x, but the quartic's scale can make one more step worthwhile
    private static double polish(double[] p, double x) {
        for (int i = 0; i < 2; i++) {
            double f = Polynomials.eval(p, x), df = 0;
            for (int k = p.length - 1; k >= 1; k--) df = df * x + k * p[k];
            if (df == 0) break;
            double next = x - f / df;
            if (!Double.isFinite(next) || Math.abs(next - x) > 1e-6 * Math.max(1, Math.abs(x))) break;
            x = next;
        }
        return x;
    }

    private static double dist2(double[] p, int i, int j) {
        double dx = p[3 * i] - p[3 * j], dy = p[3 * i + 1] - p[3 * j + 1], dz = p[3 * i + 2] - p[3 * j + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    private static double dot(double[] r, int i, int j) {
        return r[3 * i] * r[3 * j] + r[3 * i + 1] * r[3 * j + 1] + r[3 * i + 2] * r[3 * j + 2];
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[Math.max(a.length, b.length)];
        for (int i = 0; i < a.length; i++) c[i] += a[i];
        for (int i = 0; i < b.length; i++) c[i] += b[i];
        return c;
    }

    private static double[] scale(double[] a, double s) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = a[i] * s;
        return c;
    }

    private static double[] mul(double[] a, double[] b) {
        double[] c = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) c[i + j] += a[i] * b[j];
        return c;
    }
}
