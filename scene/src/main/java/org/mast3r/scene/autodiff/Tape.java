package org.mast3r.scene.autodiff;

import java.util.ArrayList;
import java.util.List;

/**
 * A reverse-mode autodiff tape over double [rows, cols] values, row-major. Each op computes its value at once
 * and, when an input requires a gradient, records a rule that turns the output's gradient into its inputs';
 * {@link #backward} plays the rules in reverse. One tape per loss evaluation: build, backward, drop.
 *
 * <p>The ops live by family in {@link Elementwise}, {@link Reductions}, {@link Indexing} and {@link LinearAlgebra},
 * each with its backward rule beside its forward; this class records and sweeps.
 */
public final class Tape {
    /** Adds d loss / d input into the inputs' gradients, given g = d loss / d output (the output's shape). */
    @FunctionalInterface
    interface Backward {
        void run(double[] g);
    }

    private record Node(Var out, Backward rule) {}

    private final List<Node> nodes = new ArrayList<>();
    private boolean swept;

    /** A node of the given value; its rule is kept only when some input requires a gradient. */
    Var record(double[] value, int rows, int cols, Backward rule, Var... inputs) {
        boolean requiresGrad = false;
        for (Var in : inputs) {
            requiresGrad |= in.requiresGrad;
        }
        Var out = new Var(value, rows, cols, requiresGrad);
        if (requiresGrad) {
            nodes.add(new Node(out, rule));
        }
        return out;
    }

    /** A parameter (requiresGrad) or a constant of shape [value.length / cols, cols]; the array is used as is. */
    public Var leaf(double[] value, int cols, boolean requiresGrad) {
        if (cols < 1 || value.length % cols != 0) {
            throw new IllegalArgumentException(value.length + " elements do not make rows of " + cols);
        }
        return new Var(value, value.length / cols, cols, requiresGrad);
    }

    /** A constant row [1, n]. */
    public Var constant(double... value) {
        return new Var(value, 1, value.length, false);
    }

    // Elementwise: a [rows, cols]; b the same shape, [1, 1], a row [1, cols] or a column [rows, 1]; out [rows, cols].

    public Var add(Var a, Var b) {
        return Elementwise.add(this, a, b);
    }

    public Var sub(Var a, Var b) {
        return Elementwise.sub(this, a, b);
    }

    public Var mul(Var a, Var b) {
        return Elementwise.mul(this, a, b);
    }

    public Var div(Var a, Var b) {
        return Elementwise.div(this, a, b);
    }

    /** a * s. */
    public Var scale(Var a, double s) {
        return Elementwise.scale(this, a, s);
    }

    /** a + s. */
    public Var addScalar(Var a, double s) {
        return Elementwise.addScalar(this, a, s);
    }

    public Var neg(Var a) {
        return Elementwise.scale(this, a, -1);
    }

    public Var exp(Var a) {
        return Elementwise.exp(this, a);
    }

    public Var log(Var a) {
        return Elementwise.log(this, a);
    }

    public Var sqrt(Var a) {
        return Elementwise.sqrt(this, a);
    }

    public Var square(Var a) {
        return Elementwise.square(this, a);
    }

    /** a^p for a constant exponent. */
    public Var pow(Var a, double p) {
        return Elementwise.pow(this, a, p);
    }

    /** torch.clamp(a, lo, hi): the gradient passes where lo <= a <= hi, bounds included, as in torch. */
    public Var clip(Var a, double lo, double hi) {
        return Elementwise.clip(this, a, lo, hi);
    }

    // Reductions.

    /** [rows, cols] -> [rows, 1] Euclidean norm of each row; the gradient at a zero norm is 0. */
    public Var rowNorm(Var a) {
        return Reductions.rowNorm(this, a);
    }

    /** F.normalize(a, dim=1): each row over max(|row|, 1e-12); same shape. */
    public Var normalizeRows(Var a) {
        return Reductions.normalizeRows(this, a);
    }

    /** [1, 1] sum of all elements. */
    public Var sum(Var a) {
        return Reductions.sum(this, a);
    }

    /** [1, 1] sum of a[i] b[i] over all elements; any shapes of the same element count. */
    public Var dot(Var a, Var b) {
        return Reductions.dot(this, a, b);
    }

    // Indexing.

    /** [rows.length, cols]: out[i] = a[rows[i]]; a row may repeat. The tape keeps rows until backward: leave it be. */
    public Var gatherRows(Var a, int[] rows) {
        return Indexing.gatherRows(this, a, rows);
    }

    /** [outRows, cols]: out[rows[i]] += a[i] over the rows i of a. The tape keeps rows until backward, like gather. */
    public Var scatterAddRows(Var a, int[] rows, int outRows) {
        return Indexing.scatterAddRows(this, a, rows, outRows);
    }

    /** [count, cols]: rows start .. start + count - 1 of a. */
    public Var sliceRows(Var a, int start, int count) {
        return Indexing.sliceRows(this, a, start, count);
    }

    /** Parts of the same cols stacked: [sum of rows, cols]. */
    public Var concatRows(List<Var> parts) {
        return Indexing.concatRows(this, List.copyOf(parts));
    }

    /** Parts of the same rows side by side: [rows, sum of cols]. */
    public Var concatCols(List<Var> parts) {
        return Indexing.concatCols(this, List.copyOf(parts));
    }

    /** [rows, 1]: column c of a. */
    public Var column(Var a, int c) {
        return Indexing.column(this, a, c);
    }

    /** a as [size / cols, cols], row-major order kept. */
    public Var reshape(Var a, int cols) {
        return Indexing.reshape(this, a, cols);
    }

    // Linear algebra.

    /** [n, k] x [k, m] -> [n, m]. */
    public Var matmul(Var a, Var b) {
        return LinearAlgebra.matmul(this, a, b);
    }

    /** [n, m] -> [m, n]. */
    public Var transpose(Var a) {
        return LinearAlgebra.transpose(this, a);
    }

    /** Unit quaternions [n, 4] XYZW -> rotation matrices [n, 9], row-major 3x3 (roma.unitquat_to_rotmat). */
    public Var quatToRotation(Var q) {
        return LinearAlgebra.quatToRotation(this, q);
    }

    /**
     * Sets d loss / d loss = 1 and plays the recorded rules newest first, so every node's gradient is complete
     * before its rule runs; a node used many times sums its gradients. Runs once per tape.
     */
    public void backward(Var loss) {
        if (loss.value.length != 1) {
            throw new IllegalArgumentException("the loss must be [1, 1], not [" + loss.rows + ", " + loss.cols + "]");
        }
        if (!loss.requiresGrad) {
            throw new IllegalArgumentException("the loss depends on no parameter");
        }
        if (swept) {
            throw new IllegalStateException("backward already ran on this tape");
        }
        swept = true;
        loss.gradBuffer()[0] += 1;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            double[] g = node.out.gradIfAny();
            if (g != null) {
                node.rule.run(g);
            }
        }
    }
}
