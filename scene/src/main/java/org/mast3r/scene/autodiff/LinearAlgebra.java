package org.mast3r.scene.autodiff;

/** Matrix products, transposes and the quaternion-to-rotation map. */
final class LinearAlgebra {
    private LinearAlgebra() {}

    // a [n, k] x b [k, m] -> out [n, m];  da = g b^T [n, k], db = a^T g [k, m]
    static Var matmul(Tape t, Var a, Var b) {
        if (a.cols != b.rows) {
            throw new IllegalArgumentException("matmul of [" + a.rows + ", " + a.cols + "] and ["
                    + b.rows + ", " + b.cols + "]");
        }
        int n = a.rows, k = a.cols, m = b.cols;
        if (k == 3 && m == 3) {
            return rowsTimes3x3(t, a, b);
        }
        double[] av = a.value, bv = b.value, out = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double aip = av[i * k + p];
                for (int j = 0; j < m; j++) {
                    out[i * m + j] += aip * bv[p * m + j];
                }
            }
        }
        return t.record(out, n, m, g -> {
            if (a.requiresGrad) {
                double[] ga = a.gradBuffer();
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < k; p++) {
                        double s = 0;
                        for (int j = 0; j < m; j++) {
                            s += g[i * m + j] * bv[p * m + j];
                        }
                        ga[i * k + p] += s;
                    }
                }
            }
            if (b.requiresGrad) {
                double[] gb = b.gradBuffer();
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < k; p++) {
                        double aip = av[i * k + p];
                        for (int j = 0; j < m; j++) {
                            gb[p * m + j] += aip * g[i * m + j];
                        }
                    }
                }
            }
        }, a, b);
    }

    /**
     * The same product for [n, 3] x [3, 3], unrolled: every point of a scene times a rotation is this shape,
     * and the general loops of length 3 cost three times as much. The forward sums are those of the general loops.
     */
    private static Var rowsTimes3x3(Tape t, Var a, Var b) {
        int n = a.rows;
        double[] av = a.value, bv = b.value, out = new double[n * 3];
        for (int i = 0; i < 3 * n; i += 3) {
            double x = av[i], y = av[i + 1], z = av[i + 2];
            out[i] = x * bv[0] + y * bv[3] + z * bv[6];
            out[i + 1] = x * bv[1] + y * bv[4] + z * bv[7];
            out[i + 2] = x * bv[2] + y * bv[5] + z * bv[8];
        }
        return t.record(out, n, 3, g -> {
            if (a.requiresGrad) {
                double[] ga = a.gradBuffer();
                for (int i = 0; i < 3 * n; i += 3) {
                    double g0 = g[i], g1 = g[i + 1], g2 = g[i + 2];
                    ga[i] += g0 * bv[0] + g1 * bv[1] + g2 * bv[2];
                    ga[i + 1] += g0 * bv[3] + g1 * bv[4] + g2 * bv[5];
                    ga[i + 2] += g0 * bv[6] + g1 * bv[7] + g2 * bv[8];
                }
            }
            if (b.requiresGrad) {
                double[] s = new double[9];
                for (int i = 0; i < 3 * n; i += 3) {
                    for (int p = 0; p < 3; p++) {
                        double aip = av[i + p];
                        s[3 * p] += aip * g[i];
                        s[3 * p + 1] += aip * g[i + 1];
                        s[3 * p + 2] += aip * g[i + 2];
                    }
                }
                double[] gb = b.gradBuffer();
                for (int q = 0; q < 9; q++) {
                    gb[q] += s[q];
                }
            }
        }, a, b);
    }

    // a [n, m] -> out [m, n];  da = g^T
    static Var transpose(Tape t, Var a) {
        int n = a.rows, m = a.cols;
        double[] out = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                out[j * n + i] = a.value[i * m + j];
            }
        }
        return t.record(out, m, n, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    ga[i * m + j] += g[j * n + i];
                }
            }
        }, a);
    }

    // q [n, 4] (x, y, z, w) -> out [n, 9], row-major R with R v = q v q*. The diagonal is written
    // x^2 - y^2 - z^2 + w^2 (not 1 - 2(y^2 + z^2)) as roma does, which gives its gradient for a q off the unit
    // sphere too. No normalisation: a q of norm s gives s^2 R.
    // ref: naver/roma 1af39b9 roma/mappings.py unitquat_to_rotmat
    static Var quatToRotation(Tape t, Var q) {
        if (q.cols != 4) {
            throw new IllegalArgumentException("quatToRotation of [" + q.rows + ", " + q.cols + "], not [n, 4]");
        }
        int n = q.rows;
        double[] qv = q.value, out = new double[n * 9];
        for (int r = 0; r < n; r++) {
            double x = qv[4 * r], y = qv[4 * r + 1], z = qv[4 * r + 2], w = qv[4 * r + 3];
            int o = 9 * r;
            out[o] = x * x - y * y - z * z + w * w;
            out[o + 1] = 2 * (x * y - z * w);
            out[o + 2] = 2 * (x * z + y * w);
            out[o + 3] = 2 * (x * y + z * w);
            out[o + 4] = -x * x + y * y - z * z + w * w;
            out[o + 5] = 2 * (y * z - x * w);
            out[o + 6] = 2 * (x * z - y * w);
            out[o + 7] = 2 * (y * z + x * w);
            out[o + 8] = -x * x - y * y + z * z + w * w;
        }
        // dq = sum over the nine entries of g_ij dR_ij/dq, each entry's partials read off the formulas above
        return t.record(out, n, 9, g -> {
            double[] gq = q.gradBuffer();
            for (int r = 0; r < n; r++) {
                double x = qv[4 * r], y = qv[4 * r + 1], z = qv[4 * r + 2], w = qv[4 * r + 3];
                int o = 9 * r;
                double g00 = g[o], g01 = g[o + 1], g02 = g[o + 2];
                double g10 = g[o + 3], g11 = g[o + 4], g12 = g[o + 5];
                double g20 = g[o + 6], g21 = g[o + 7], g22 = g[o + 8];
                gq[4 * r] += 2 * (x * (g00 - g11 - g22) + y * (g01 + g10) + z * (g02 + g20) + w * (g21 - g12));
                gq[4 * r + 1] += 2 * (y * (g11 - g00 - g22) + x * (g01 + g10) + z * (g12 + g21) + w * (g02 - g20));
                gq[4 * r + 2] += 2 * (z * (g22 - g00 - g11) + x * (g02 + g20) + y * (g12 + g21) + w * (g10 - g01));
                gq[4 * r + 3] += 2 * (w * (g00 + g11 + g22) + x * (g21 - g12) + y * (g02 - g20) + z * (g10 - g01));
            }
        }, q);
    }
}
