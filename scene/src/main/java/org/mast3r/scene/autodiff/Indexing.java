package org.mast3r.scene.autodiff;

import java.util.List;
import java.util.Objects;

/** Ops that move rows and columns around without arithmetic; their backward rules move the gradient back. */
final class Indexing {
    private Indexing() {}

    // a [n, cols] -> out [rows.length, cols], out[i] = a[rows[i]];  da[rows[i]] += g[i]
    static Var gatherRows(Tape t, Var a, int[] rows) {
        int cols = a.cols;
        double[] out = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0, src = Objects.checkIndex(rows[i], a.rows) * cols, dst = i * cols; c < cols; c++) {
                out[dst + c] = a.value[src + c];        // a loop, not arraycopy: rows are short (3, 9)
            }
        }
        return t.record(out, rows.length, cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < rows.length; i++) {
                for (int c = 0, src = i * cols, dst = rows[i] * cols; c < cols; c++) {
                    ga[dst + c] += g[src + c];
                }
            }
        }, a);
    }

    // a [rows.length, cols] -> out [outRows, cols], out[rows[i]] += a[i];  da[i] = g[rows[i]]
    static Var scatterAddRows(Tape t, Var a, int[] rows, int outRows) {
        if (rows.length != a.rows) {
            throw new IllegalArgumentException(rows.length + " target rows for " + a.rows + " rows");
        }
        int cols = a.cols;
        double[] av = a.value, out = new double[outRows * cols];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0, src = i * cols, dst = Objects.checkIndex(rows[i], outRows) * cols; c < cols; c++) {
                out[dst + c] += av[src + c];
            }
        }
        return t.record(out, outRows, cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < rows.length; i++) {
                for (int c = 0, dst = i * cols, src = rows[i] * cols; c < cols; c++) {
                    ga[dst + c] += g[src + c];
                }
            }
        }, a);
    }

    // a [n, cols] -> out [count, cols] = a[start .. start + count);  da[start + i] += g[i]
    static Var sliceRows(Tape t, Var a, int start, int count) {
        Objects.checkFromIndexSize(start, count, a.rows);
        int cols = a.cols;
        double[] out = new double[count * cols];
        System.arraycopy(a.value, start * cols, out, 0, out.length);
        return t.record(out, count, cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0, j = start * cols; i < g.length; i++, j++) {
                ga[j] += g[i];
            }
        }, a);
    }

    // parts [n_k, cols] -> out [sum n_k, cols];  each part gets its block of g
    static Var concatRows(Tape t, List<Var> parts) {
        int cols = parts.getFirst().cols, rows = 0;
        for (Var p : parts) {
            if (p.cols != cols) {
                throw new IllegalArgumentException("concatRows of " + cols + " and " + p.cols + " columns");
            }
            rows += p.rows;
        }
        double[] out = new double[rows * cols];
        int at = 0;
        for (Var p : parts) {
            System.arraycopy(p.value, 0, out, at, p.value.length);
            at += p.value.length;
        }
        return t.record(out, rows, cols, g -> {
            int from = 0;
            for (Var p : parts) {
                if (p.requiresGrad) {
                    double[] gp = p.gradBuffer();
                    for (int i = 0; i < gp.length; i++) {
                        gp[i] += g[from + i];
                    }
                }
                from += p.value.length;
            }
        }, parts.toArray(Var[]::new));
    }

    // parts [rows, c_k] -> out [rows, sum c_k], row r the parts' rows r side by side;  each part gets its columns of g
    static Var concatCols(Tape t, List<Var> parts) {
        int rows = parts.getFirst().rows, cols = 0;
        for (Var p : parts) {
            if (p.rows != rows) {
                throw new IllegalArgumentException("concatCols of " + rows + " and " + p.rows + " rows");
            }
            cols += p.cols;
        }
        int outCols = cols;
        double[] out = new double[rows * outCols];
        int at = 0;
        for (Var p : parts) {
            if (p.cols == 1) {                             // a column (the usual case): no copy call per element
                for (int r = 0, o = at; r < rows; r++, o += outCols) {
                    out[o] = p.value[r];
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(p.value, r * p.cols, out, r * outCols + at, p.cols);
                }
            }
            at += p.cols;
        }
        return t.record(out, rows, outCols, g -> {
            int from = 0;
            for (Var p : parts) {
                if (p.requiresGrad) {
                    double[] gp = p.gradBuffer();
                    int pc = p.cols;
                    if (pc == 1) {
                        for (int r = 0, o = from; r < rows; r++, o += outCols) {
                            gp[r] += g[o];
                        }
                    } else {
                        for (int r = 0, i = 0, o = from; r < rows; r++, o += outCols) {
                            for (int c = 0; c < pc; c++, i++) {
                                gp[i] += g[o + c];
                            }
                        }
                    }
                }
                from += p.cols;
            }
        }, parts.toArray(Var[]::new));
    }

    // a [rows, cols] -> out [rows, 1] = a[:, c];  da[:, c] += g
    static Var column(Tape t, Var a, int c) {
        Objects.checkIndex(c, a.cols);
        int cols = a.cols;
        double[] out = new double[a.rows];
        for (int r = 0; r < a.rows; r++) {
            out[r] = a.value[r * cols + c];
        }
        return t.record(out, a.rows, 1, g -> {
            double[] ga = a.gradBuffer();
            for (int r = 0; r < g.length; r++) {
                ga[r * cols + c] += g[r];
            }
        }, a);
    }

    /** The same values as [size / cols, cols] (row-major order kept); the gradient passes through unchanged. */
    static Var reshape(Tape t, Var a, int cols) {
        int size = a.rows * a.cols;
        if (cols < 1 || size % cols != 0) throw new IllegalArgumentException(a + " cannot be reshaped to rows of " + cols);
        return t.record(a.value, size / cols, cols, g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i];
            }
        }, a);
    }
}
