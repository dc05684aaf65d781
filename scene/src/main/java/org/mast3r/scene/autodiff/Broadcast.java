package org.mast3r.scene.autodiff;

/**
 * How the second operand b of an elementwise op meets a [rows, cols]: b is the same shape, a scalar [1, 1], a row
 * [1, cols] repeated down the rows, or a column [rows, 1] repeated across the columns. Element (r, c) of a meets
 * b[r * rowStride + c * colStride].
 */
final class Broadcast {
    private final Var b;
    private final int rows;
    private final int cols;
    private final int rowStride;
    private final int colStride;
    private final boolean same;

    private Broadcast(Var b, int rows, int cols, int rowStride, int colStride) {
        this.b = b;
        this.rows = rows;
        this.cols = cols;
        this.rowStride = rowStride;
        this.colStride = colStride;
        this.same = b.rows == rows && b.cols == cols;
    }

    static Broadcast of(String op, Var a, Var b) {
        if (b.rows == a.rows && b.cols == a.cols) {
            return new Broadcast(b, a.rows, a.cols, a.cols, 1);
        }
        if (b.rows == 1 && b.cols == 1) {
            return new Broadcast(b, a.rows, a.cols, 0, 0);
        }
        if (b.rows == 1 && b.cols == a.cols) {
            return new Broadcast(b, a.rows, a.cols, 0, 1);
        }
        if (b.rows == a.rows && b.cols == 1) {
            return new Broadcast(b, a.rows, a.cols, 1, 0);
        }
        throw new IllegalArgumentException(op + ": [" + b.rows + ", " + b.cols + "] does not broadcast to ["
                + a.rows + ", " + a.cols + "]");
    }

    /** b's value laid out as a [rows, cols]: b's own array when the shapes match, else a new one. */
    double[] expanded() {
        if (same) {
            return b.value;
        }
        double[] out = new double[rows * cols];
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                out[i] = b.value[r * rowStride + c * colStride];
            }
        }
        return out;
    }

    /** A [rows, cols] array to accumulate b's gradient into: b's own when the shapes match, else a new one. */
    double[] gradTarget() {
        return same ? b.gradBuffer() : new double[rows * cols];
    }

    /** Sums a {@link #gradTarget()} over the repeated rows or columns into b's gradient. */
    void reduce(double[] target) {
        if (same) {
            return;
        }
        double[] gb = b.gradBuffer();
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                gb[r * rowStride + c * colStride] += target[i];
            }
        }
    }
}
