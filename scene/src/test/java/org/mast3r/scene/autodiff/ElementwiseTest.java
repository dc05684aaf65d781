package org.mast3r.scene.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mast3r.scene.autodiff.GradCheck.Input.constant;
import static org.mast3r.scene.autodiff.GradCheck.Input.param;
import static org.mast3r.scene.autodiff.GradCheck.check;
import static org.mast3r.scene.autodiff.GradCheck.signed;
import static org.mast3r.scene.autodiff.GradCheck.uniform;

import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    /** An op of the tape, as a test names it. */
    private interface Binary {
        Var apply(Tape t, Var a, Var b);
    }

    /** b shapes for an a of [5, 3] in the four broadcast modes, then the odd a shapes [7, 1] and [1, 1]. */
    private static final int[][] SHAPES = {
        {5, 3, 5, 3}, {5, 3, 1, 1}, {5, 3, 1, 3}, {5, 3, 5, 1},
        {7, 1, 7, 1}, {7, 1, 1, 1}, {1, 1, 1, 1}, {1, 3, 1, 3}, {1, 3, 1, 1},
    };

    /** Each binary op in every broadcast mode, with both operands parameters and then with only b one. */
    private static void checkBinary(String name, Binary op, BinaryOperator<Double> plain, double bLo) {
        Random rng = new Random(name.hashCode());
        for (int[] s : SHAPES) {
            double[] a = signed(rng, s[0] * s[1], 0.2, 2);
            double[] b = signed(rng, s[2] * s[3], bLo, 2);
            String shape = name + " [" + s[0] + "," + s[1] + "] by [" + s[2] + "," + s[3] + "]";
            check(shape, (t, l) -> op.apply(t, l.get(0), l.get(1)), param(a, s[1]), param(b, s[3]));
            check(shape + " b only", (t, l) -> op.apply(t, l.get(0), l.get(1)), constant(a, s[1]), param(b, s[3]));

            Tape t = new Tape();
            double[] out = op.apply(t, t.leaf(a, s[1], false), t.leaf(b, s[3], false)).value();
            for (int r = 0; r < s[0]; r++) {
                for (int c = 0; c < s[1]; c++) {
                    double bv = b[(s[2] == 1 ? 0 : r) * s[3] + (s[3] == 1 ? 0 : c)];
                    assertEquals(plain.apply(a[r * s[1] + c], bv), out[r * s[1] + c], 0, shape);
                }
            }
        }
    }

    @Test
    void addBroadcastsInEveryMode() {
        checkBinary("add", Tape::add, Double::sum, 0.1);
    }

    @Test
    void subBroadcastsInEveryMode() {
        checkBinary("sub", Tape::sub, (x, y) -> x - y, 0.1);
    }

    @Test
    void mulBroadcastsInEveryMode() {
        checkBinary("mul", Tape::mul, (x, y) -> x * y, 0.1);
    }

    @Test
    void divBroadcastsInEveryMode() {
        checkBinary("div", Tape::div, (x, y) -> x / y, 0.5);
    }

    @Test
    void refusesShapesThatDoNotBroadcast() {
        Tape t = new Tape();
        Var a = t.leaf(new double[15], 3, true);
        assertThrows(IllegalArgumentException.class, () -> t.add(a, t.leaf(new double[5], 5, false)));
        assertThrows(IllegalArgumentException.class, () -> t.mul(a, t.leaf(new double[6], 3, false)));
        assertThrows(IllegalArgumentException.class, () -> t.sub(t.leaf(new double[3], 3, false), a));
    }

    @Test
    void aLeafOnBothSidesGetsBothGradients() {
        Random rng = new Random(1);
        double[] a = signed(rng, 15, 0.2, 2);
        check("a * a", (t, l) -> t.mul(l.get(0), l.get(0)), param(a, 3));
        check("a / a", (t, l) -> t.div(l.get(0), l.get(0)), param(a, 3));
        check("(a + a) - a", (t, l) -> t.sub(t.add(l.get(0), l.get(0)), l.get(0)), param(a, 3));
    }

    @Test
    void scaleAddScalarAndNeg() {
        Random rng = new Random(2);
        for (int cols : new int[] {3, 1}) {
            double[] a = signed(rng, 7 * cols, 0, 3);
            check("scale", (t, l) -> t.scale(l.get(0), -2.5), param(a, cols));
            check("addScalar", (t, l) -> t.addScalar(l.get(0), 4.25), param(a, cols));
            check("neg", (t, l) -> t.neg(l.get(0)), param(a, cols));
        }
        Tape t = new Tape();
        Var a = t.constant(1, -2);
        assertArrayEquals(new double[] {-2.5, 5}, t.scale(a, -2.5).value());
        assertArrayEquals(new double[] {5.25, 2.25}, t.addScalar(a, 4.25).value());
        assertArrayEquals(new double[] {-1, 2}, t.neg(a).value());
    }

    @Test
    void expLogSqrtSquare() {
        Random rng = new Random(3);
        double[] any = signed(rng, 15, 0, 2);
        double[] positive = uniform(rng, 15, 0.1, 3);
        check("exp", (t, l) -> t.exp(l.get(0)), param(any, 3));
        check("log", (t, l) -> t.log(l.get(0)), param(positive, 3));
        check("sqrt", (t, l) -> t.sqrt(l.get(0)), param(positive, 5));
        check("square", (t, l) -> t.square(l.get(0)), param(any, 1));
        check("exp 1x1", (t, l) -> t.exp(l.get(0)), param(new double[] {0.3}, 1));

        Tape t = new Tape();
        Var x = t.constant(0.25, 4);
        assertArrayEquals(new double[] {Math.exp(0.25), Math.exp(4)}, t.exp(x).value());
        assertArrayEquals(new double[] {Math.log(0.25), Math.log(4)}, t.log(x).value());
        assertArrayEquals(new double[] {0.5, 2}, t.sqrt(x).value());
        assertArrayEquals(new double[] {0.0625, 16}, t.square(x).value());
    }

    @Test
    void powForFractionalNegativeAndIntegerExponents() {
        Random rng = new Random(4);
        double[] positive = uniform(rng, 15, 0.1, 3);
        for (double p : new double[] {0.5, 1.5, 0.7, 3, -1.5, 1}) {
            check("pow " + p, (t, l) -> t.pow(l.get(0), p), param(positive, 3));
            // 0.5 and 1.5 take the square-root path: the same values as Math.pow to the last bit or one ulp
            double[] out = new Tape().pow(new Tape().leaf(positive, 3, false), p).value();
            for (int i = 0; i < out.length; i++) assertEquals(Math.pow(positive[i], p), out[i], Math.ulp(out[i]), "pow " + p);
        }
        Tape t = new Tape();
        Var a = t.leaf(new double[] {0, 2, 3}, 3, true);
        Var out = t.pow(a, 0);
        assertArrayEquals(new double[] {1, 1, 1}, out.value());
        t.backward(t.sum(out));
        assertArrayEquals(new double[] {0, 0, 0}, a.grad(), "torch's pow_backward gives 0 for the exponent 0");
    }

    @Test
    void clipPassesTheGradientInsideAndAtTheBoundsOnly() {
        Random rng = new Random(5);
        double lo = -0.5, hi = 0.75;
        double[] a = uniform(rng, 21, -2, 2);
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - lo) < 1e-3 || Math.abs(a[i] - hi) < 1e-3) {
                a[i] += 0.01;               // finite differences need the kinks out of reach
            }
        }
        check("clip", (t, l) -> t.clip(l.get(0), lo, hi), param(a, 3));

        Tape t = new Tape();
        Var x = t.leaf(new double[] {-1, lo, 0, hi, 2}, 1, true);
        Var out = t.clip(x, lo, hi);
        assertArrayEquals(new double[] {lo, lo, 0, hi, hi}, out.value());
        t.backward(t.sum(out));
        assertArrayEquals(new double[] {0, 1, 1, 1, 0}, x.grad(), "torch.clamp keeps the gradient at a bound");

        Tape open = new Tape();
        Var y = open.constant(-3, 1e300);
        assertArrayEquals(new double[] {1e-3, 1e300}, open.clip(y, 1e-3, Double.POSITIVE_INFINITY).value());
    }
}
