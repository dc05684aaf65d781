package org.mast3r.scene.autodiff;

/**
 * How the second operand b of an elementwise op meets a [rows, cols]: b is the same shape, a scalar [1, 1], a row
 * [1, cols] repeated down the rows, or a column [rows, 1] repeated across the columns. Element (r, c) of a meets
 * b[r * rowStride + c * colStride].
 */
final class Broadcast {
    private final int rowStride;
    private final int colStride;

    private Broadcast(int rowStride, int colStride) {
        this.rowStride = rowStride;
        this.colStride = colStride;
    }

    static Broadcast of(String op, Var a, Var b) {
        if (b.rows == a.rows && b.cols == a.cols) {
            return new Broadcast(a.cols, 1);
        }
        if (b.rows == 1 && b.cols == 1) {
            return new Broadcast(0, 0);
        }
        if (b.rows == 1 && b.cols == a.cols) {
            return new Broadcast(0, 1);
        }
        if (b.rows == a.rows && b.cols == 1) {
            return new Broadcast(1, 0);
        }
        throw new IllegalArgumentException(op + ": [" + b.rows + ", " + b.cols + "] does not broadcast to ["
                + a.rows + ", " + a.cols + "]");
    }

    /** b is a's shape or a scalar: element i of a meets b[i * flatStep()], one flat loop. */
    boolean flat() {
        return colStride == 1 && rowStride != 0 || rowStride == 0 && colStride == 0;
    }

    int flatStep() {
        return colStride;
    }

    /** Element (r, c) of a meets b[r * rowStride() + c * colStride()]. */
    int rowStride() {
        return rowStride;
    }

    int colStride() {
        return colStride;
    }
}
