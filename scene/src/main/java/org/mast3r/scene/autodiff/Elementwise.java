package org.mast3r.scene.autodiff;

/**
 * Elementwise ops: out has a's shape [rows, cols]; the b of a binary op broadcasts as {@link Broadcast} says.
 * Each forward is followed by its backward rule, written for the gradient g of out.
 */
final class Elementwise {
    private Elementwise() {}

    // out = a + b;  da = g, db = g (summed over the broadcast)
    static Var add(Tape t, Var a, Var b) {
        Broadcast bc = Broadcast.of("add", a, b);
        int rows = a.rows, cols = a.cols, rs = bc.rowStride(), cs = bc.colStride();
        double[] av = a.value, bv = b.value, out = new double[av.length];
        if (bc.flat()) {
            for (int i = 0, j = 0, step = bc.flatStep(); i < out.length; i++, j += step) {
                out[i] = av[i] + bv[j];
            }
        } else {
            for (int r = 0, i = 0; r < rows; r++) {
                for (int c = 0, j = r * rs; c < cols; c++, i++, j += cs) {
                    out[i] = av[i] + bv[j];
                }
            }
        }
        return t.record(out, rows, cols, g -> {
            if (a.requiresGrad) {
                addInto(a.gradBuffer(), g, 1);
            }
            if (b.requiresGrad) {
                double[] gb = b.gradBuffer();
                for (int r = 0, i = 0; r < rows; r++) {
                    for (int c = 0, j = r * rs; c < cols; c++, i++, j += cs) {
                        gb[j] += g[i];
                    }
                }
            }
        }, a, b);
    }

    // out = a - b;  da = g, db = -g
    static Var sub(Tape t, Var a, Var b) {
        Broadcast bc = Broadcast.of("sub", a, b);
        int rows = a.rows, cols = a.cols, rs = bc.rowStride(), cs = bc.colStride();
        double[] av = a.value, bv = b.value, out = new double[av.length];
        if (bc.flat()) {
            for (int i = 0, j = 0, step = bc.flatStep(); i < out.length; i++, j += step) {
                out[i] = av[i] - bv[j];
            }
        } else {
            for (int r = 0, i = 0; r < rows; r++) {
                for (int c = 0, j = r * rs; c < cols; c++, i++, j += cs) {
                    out[i] = av[i] - bv[j];
                }
            }
        }
        return t.record(out, rows, cols, g -> {
            if (a.requiresGrad) {
                addInto(a.gradBuffer(), g, 1);
            }
            if (b.requiresGrad) {
                double[] gb = b.gradBuffer();
                for (int r = 0, i = 0; r < rows; r++) {
                    for (int c = 0, j = r * rs; c < cols; c++, i++, j += cs) {
                        gb[j] -= g[i];
                    }
                }
            }
        }, a, b);
    }

    // out = a * b;  da = g b, db = g a
    static Var mul(Tape t, Var a, Var b) {
        Broadcast bc = Broadcast.of("mul", a, b);
        int rows = a.rows, cols = a.cols, rs = bc.rowStride(), cs = bc.colStride();
        double[] av = a.value, bv = b.value, out = new double[av.length];
        if (bc.flat()) {
            for (int i = 0, j = 0, step = bc.flatStep(); i < out.length; i++, j += step) {
                out[i] = av[i] * bv[j];
            }
        } else {
            for (int r = 0, i = 0; r < rows; r++) {
                for (int c = 0, j = r * rs; c < cols; c++, i++, j += cs) {
                    out[i] = av[i] * bv[j];
                }
            }
        }
        return t.record(out, rows, cols, g -> {
            double[] ga = a.requiresGrad ? a.gradBuffer() : null, gb = b.requiresGrad ? b.gradBuffer() : null;
            if (bc.flat()) {
                for (int i = 0, j = 0, step = bc.flatStep(); i < g.length; i++, j += step) {
                    if (ga != null) ga[i] += g[i] * bv[j];
                    if (gb != null) gb[j] += g[i] * av[i];
                }
                return;
            }
            for (int r = 0, i = 0; r < rows; r++) {
                for (int c = 0, j = r * rs; c < cols; c++, i++, j += cs) {
                    if (ga != null) ga[i] += g[i] * bv[j];
                    if (gb != null) gb[j] += g[i] * av[i];
                }
            }
        }, a, b);
    }

    // out = a / b;  da = g / b, db = -g a / b^2 (torch's div_tensor_other_backward)
    static Var div(Tape t, Var a, Var b) {
        Broadcast bc = Broadcast.of("div", a, b);
        int rows = a.rows, cols = a.cols, rs = bc.rowStride(), cs = bc.colStride();
        double[] av = a.value, bv = b.value, out = new double[av.length];
        if (bc.flat()) {
            for (int i = 0, j = 0, step = bc.flatStep(); i < out.length; i++, j += step) {
                out[i] = av[i] / bv[j];
            }
        } else {
            for (int r = 0, i = 0; r < rows; r++) {
                for (int c = 0, j = r * rs; c < cols; c++, i++, j += cs) {
                    out[i] = av[i] / bv[j];
                }
            }
        }
        return t.record(out, rows, cols, g -> {
            double[] ga = a.requiresGrad ? a.gradBuffer() : null, gb = b.requiresGrad ? b.gradBuffer() : null;
            if (bc.flat()) {
                for (int i = 0, j = 0, step = bc.flatStep(); i < g.length; i++, j += step) {
                    if (ga != null) ga[i] += g[i] / bv[j];
                    if (gb != null) gb[j] -= g[i] * av[i] / (bv[j] * bv[j]);
                }
                return;
            }
            for (int r = 0, i = 0; r < rows; r++) {
                for (int c = 0, j = r * rs; c < cols; c++, i++, j += cs) {
                    if (ga != null) ga[i] += g[i] / bv[j];
                    if (gb != null) gb[j] -= g[i] * av[i] / (bv[j] * bv[j]);
                }
            }
        }, a, b);
    }

    // out = a s;  da = g s
    static Var scale(Tape t, Var a, double s) {
        double[] av = a.value, out = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = av[i] * s;
        }
        return t.record(out, a.rows, a.cols, g -> addInto(a.gradBuffer(), g, s), a);
    }

    // out = a + s;  da = g
    static Var addScalar(Tape t, Var a, double s) {
        double[] av = a.value, out = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = av[i] + s;
        }
        return t.record(out, a.rows, a.cols, g -> addInto(a.gradBuffer(), g, 1), a);
    }

    // out = exp(a);  da = g out
    static Var exp(Tape t, Var a) {
        double[] av = a.value, out = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(av[i]);
        }
        return t.record(out, a.rows, a.cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] * out[i];
            }
        }, a);
    }

    // out = log(a);  da = g / a
    static Var log(Tape t, Var a) {
        double[] av = a.value, out = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(av[i]);
        }
        return t.record(out, a.rows, a.cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] / av[i];
            }
        }, a);
    }

    // out = sqrt(a);  da = g / (2 out)
    static Var sqrt(Tape t, Var a) {
        double[] av = a.value, out = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sqrt(av[i]);
        }
        return t.record(out, a.rows, a.cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] / (2 * out[i]);
            }
        }, a);
    }

    // out = a^2;  da = 2 g a
    static Var square(Tape t, Var a) {
        double[] av = a.value, out = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = av[i] * av[i];
        }
        return t.record(out, a.rows, a.cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += 2 * g[i] * av[i];
            }
        }, a);
    }

    // out = a^p;  da = g p a^(p-1), and 0 for p = 0 (torch's pow_backward). a^(p-1) is out / a where a != 0,
    // which spares a second pow per element.
    static Var pow(Tape t, Var a, double p) {
        double[] av = a.value, out = new double[av.length];
        if (p == 0.5 || p == 1.5) {
            // the gamma losses' exponents: a square root is several times cheaper than Math.pow and as exact
            for (int i = 0; i < out.length; i++) {
                double r = Math.sqrt(av[i]);
                out[i] = p == 0.5 ? r : av[i] * r;
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.pow(av[i], p);
            }
        }
        return t.record(out, a.rows, a.cols, g -> {
            if (p == 0) {
                return;
            }
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                double powLess1 = av[i] != 0 ? out[i] / av[i] : Math.pow(av[i], p - 1);
                ga[i] += g[i] * p * powLess1;
            }
        }, a);
    }

    // out = min(max(a, lo), hi);  da = g where lo <= a <= hi, else 0 (torch's clamp_backward keeps the bounds)
    static Var clip(Tape t, Var a, double lo, double hi) {
        double[] av = a.value, out = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(Math.max(av[i], lo), hi);
        }
        return t.record(out, a.rows, a.cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                if (av[i] >= lo && av[i] <= hi) {
                    ga[i] += g[i];
                }
            }
        }, a);
    }

    /** target += s * g, elementwise. */
    static void addInto(double[] target, double[] g, double s) {
        for (int i = 0; i < g.length; i++) {
            target[i] += s * g[i];
        }
    }
}
