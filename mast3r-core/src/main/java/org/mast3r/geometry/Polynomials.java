package org.mast3r.geometry;

import java.util.Arrays;

/**
 * Real roots of a low-degree polynomial, coefficients lowest first ({@code c[0] + c[1] x + ...}).
 * The roots of the derivative split the line into monotone pieces; each piece whose ends differ in
 * sign holds one root, found by safeguarded Newton (bisection when a step leaves the bracket). No
 * complex arithmetic, so none of Ferrari's cancellation cases.
 */
final class Polynomials {
    private Polynomials() {}

    static double[] realRoots(double[] coeffs) {
        int deg = coeffs.length - 1;
        double scale = 0;
        for (double c : coeffs) scale = Math.max(scale, Math.abs(c));
        while (deg > 0 && Math.abs(coeffs[deg]) <= 1e-14 * scale) deg--;
        if (deg <= 0) return new double[0];
        double[] c = Arrays.copyOf(coeffs, deg + 1);
        for (int i = 0; i <= deg; i++) c[i] /= coeffs[deg];
        if (deg == 1) return new double[] {-c[0]};
        if (deg == 2) return quadratic(c[0], c[1]);
        double[] d = new double[deg];
        for (int i = 1; i <= deg; i++) d[i - 1] = i * c[i];
        double[] crit = realRoots(d);
        Arrays.sort(crit);
        // Cauchy's bound: every root lies within 1 + max |c_i| of zero (monic c)
        double bound = 0;
        for (int i = 0; i < deg; i++) bound = Math.max(bound, Math.abs(c[i]));
        bound += 1;
        double[] ends = new double[crit.length + 2];
        ends[0] = -bound;
        int m = 1;
        for (double x : crit) if (x > -bound && x < bound) ends[m++] = x;
        ends[m++] = bound;
        double[] roots = new double[deg];
        int r = 0;
        for (int i = 0; i + 1 < m && r < deg; i++) {
            double a = ends[i], b = ends[i + 1];
            double fa = eval(c, a), fb = eval(c, b);
            if (fa == 0) { roots[r++] = a; continue; }
            if (Math.signum(fa) != Math.signum(fb) && fb != 0) roots[r++] = bracketed(c, a, b, fa);
        }
        if (r < deg && eval(c, ends[m - 1]) == 0) roots[r++] = ends[m - 1];
        return Arrays.copyOf(roots, r);
    }

    static double eval(double[] c, double x) {
        double v = 0;
        for (int i = c.length - 1; i >= 0; i--) v = v * x + c[i];
        return v;
    }

    private static double derivative(double[] c, double x) {
        double v = 0;
        for (int i = c.length - 1; i >= 1; i--) v = v * x + i * c[i];
        return v;
    }

    // x^2 + p x + q = 0, the form that avoids cancellation in the smaller root
    private static double[] quadratic(double q, double p) {
        double disc = p * p - 4 * q;
        if (disc < 0) return new double[0];
        double s = -0.5 * (p + Math.copySign(Math.sqrt(disc), p));
        if (s == 0) return new double[] {0};
        return new double[] {s, q / s};
    }

    // a root in (a, b) where f(a) has sign of fa and f(b) the other sign
    private static double bracketed(double[] c, double a, double b, double fa) {
        double x = 0.5 * (a + b);
        for (int it = 0; it < 100; it++) {
            double f = eval(c, x);
            if (f == 0) return x;
            if (Math.signum(f) == Math.signum(fa)) a = x; else b = x;
            double df = derivative(c, x);
            double next = df != 0 ? x - f / df : Double.NaN;
            if (!(next > a && next < b)) next = 0.5 * (a + b);
            if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
            x = next;
        }
        return x;
    }
}
