package org.mast3r.scene.autodiff;

/**
 * A node of a {@link Tape}: a value of shape [rows, cols], row-major, and after {@link Tape#backward} the
 * gradient of the loss with respect to it, same shape. A node that depends on no parameter never gets a
 * gradient, so constant subgraphs cost nothing in the backward sweep.
 */
public final class Var {
    final double[] value;
    final int rows;
    final int cols;
    final boolean requiresGrad;
    private double[] grad;          // allocated by the first gradient that flows in

    Var(double[] value, int rows, int cols, boolean requiresGrad) {
        if (rows < 0 || cols < 1 || value.length != rows * cols) {
            throw new IllegalArgumentException(
                    "a value of " + value.length + " elements is not [" + rows + ", " + cols + "]");
        }
        this.value = value;
        this.rows = rows;
        this.cols = cols;
        this.requiresGrad = requiresGrad;
    }

    /** The forward value, row-major; shared, not a copy: do not mutate. */
    public double[] value() {
        return value;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The value of a [1, 1] node. */
    public double item() {
        if (value.length != 1) {
            throw new IllegalStateException("item() of a [" + rows + ", " + cols + "] value");
        }
        return value[0];
    }

    /** d loss / d this, same shape; zeros if nothing flowed here; null for a node that needs no gradient. */
    public double[] grad() {
        return requiresGrad ? gradBuffer() : null;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The array that backward rules accumulate into. */
    double[] gradBuffer() {
        if (grad == null) {
            grad = new double[value.length];
        }
        return grad;
    }

    /** The gradient if any flowed here, else null: lets the sweep skip nodes that the loss does not reach. */
    double[] gradIfAny() {
        return grad;
    }

    @Override
    public String toString() {
        return "Var[" + rows + ", " + cols + (requiresGrad ? ", grad]" : "]");
    }
}
