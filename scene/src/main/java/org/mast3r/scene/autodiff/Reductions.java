package org.mast3r.scene.autodiff;

/** Ops that sum: over each row (rowNorm, normalizeRows) or over everything (sum, dot). */
final class Reductions {
    /** F.normalize's default eps: rows shorter than this are divided by it instead. */
    static final double NORMALIZE_EPS = 1e-12;

    private Reductions() {}

    // a [rows, cols] -> out [rows, 1], out[r] = |a[r]|;  da[r] = g[r] a[r] / out[r], and 0 where out[r] = 0
    // (torch's norm_backward masks the zero norms)
    static Var rowNorm(Tape t, Var a) {
        int cols = a.cols;
        double[] av = a.value, out = new double[a.rows];
        for (int r = 0; r < a.rows; r++) {
            out[r] = Math.sqrt(squaredNorm(av, r * cols, cols));
        }
        return t.record(out, a.rows, 1, g -> {
            double[] ga = a.gradBuffer();
            for (int r = 0; r < a.rows; r++) {
                if (out[r] == 0) {
                    continue;
                }
                double s = g[r] / out[r];
                for (int c = 0, i = r * cols; c < cols; c++, i++) {
                    ga[i] += s * av[i];
                }
            }
        }, a);
    }

    // a [rows, cols] -> out [rows, cols], out[r] = a[r] / d[r] with d[r] = max(|a[r]|, eps).
    // Where |a[r]| >= eps (torch's clamp_min passes the bound): da[r] = (g[r] - out[r] (out[r] . g[r])) / d[r];
    // below it d[r] is the constant eps: da[r] = g[r] / eps.
    static Var normalizeRows(Tape t, Var a) {
        int cols = a.cols;
        double[] av = a.value, out = new double[av.length], norm = new double[a.rows];
        for (int r = 0; r < a.rows; r++) {
            norm[r] = Math.sqrt(squaredNorm(av, r * cols, cols));
            double d = Math.max(norm[r], NORMALIZE_EPS);
            for (int c = 0, i = r * cols; c < cols; c++, i++) {
                out[i] = av[i] / d;
            }
        }
        return t.record(out, a.rows, cols, g -> {
            double[] ga = a.gradBuffer();
            for (int r = 0; r < a.rows; r++) {
                int base = r * cols;
                double outDotG = norm[r] >= NORMALIZE_EPS ? dot(out, g, base, cols) : 0;
                double d = Math.max(norm[r], NORMALIZE_EPS);
                for (int c = 0, i = base; c < cols; c++, i++) {
                    ga[i] += (g[i] - out[i] * outDotG) / d;
                }
            }
        }, a);
    }

    // a [rows, cols] -> out [1, 1] = sum of a;  da = g
    static Var sum(Tape t, Var a) {
        double s = 0;
        for (double v : a.value) {
            s += v;
        }
        return t.record(new double[] {s}, 1, 1, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < ga.length; i++) {
                ga[i] += g[0];
            }
        }, a);
    }

    // a, b of n elements each, any shapes -> out [1, 1] = sum a[i] b[i];  da = g b, db = g a
    static Var dot(Tape t, Var a, Var b) {
        if (a.value.length != b.value.length) {
            throw new IllegalArgumentException("dot of " + a.value.length + " and " + b.value.length + " elements");
        }
        double[] av = a.value, bv = b.value;
        return t.record(new double[] {dot(av, bv, 0, av.length)}, 1, 1, g -> {
            if (a.requiresGrad) {
                Elementwise.addInto(a.gradBuffer(), bv, g[0]);
            }
            if (b.requiresGrad) {
                Elementwise.addInto(b.gradBuffer(), av, g[0]);
            }
        }, a, b);
    }

    private static double squaredNorm(double[] x, int from, int n) {
        return dot(x, x, from, n);
    }

    /** sum over i in [from, from + n) of x[i] y[i]. */
    private static double dot(double[] x, double[] y, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
