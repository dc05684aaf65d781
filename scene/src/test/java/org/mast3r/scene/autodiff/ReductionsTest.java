package org.mast3r.scene.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mast3r.scene.autodiff.GradCheck.Input.constant;
import static org.mast3r.scene.autodiff.GradCheck.Input.param;
import static org.mast3r.scene.autodiff.GradCheck.check;
import static org.mast3r.scene.autodiff.GradCheck.signed;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    @Test
    void sumOfEveryShape() {
        Random rng = new Random(10);
        for (int[] s : new int[][] {{5, 3}, {7, 1}, {1, 1}, {1, 4}}) {
            double[] a = signed(rng, s[0] * s[1], 0, 2);
            check("sum " + s[0] + "x" + s[1], (t, l) -> t.sum(l.get(0)), param(a, s[1]));
        }
        Tape t = new Tape();
        assertEquals(4.5, t.sum(t.leaf(new double[] {1, 2, -0.5, 2}, 2, false)).item());
    }

    @Test
    void dotOfVectorsOfAnyShape() {
        Random rng = new Random(11);
        double[] a = signed(rng, 15, 0, 2), b = signed(rng, 15, 0, 2);
        check("dot", (t, l) -> t.dot(l.get(0), l.get(1)), param(a, 3), param(b, 1));
        check("dot b only", (t, l) -> t.dot(l.get(0), l.get(1)), constant(a, 5), param(b, 15));
        check("dot a a", (t, l) -> t.dot(l.get(0), l.get(0)), param(a, 3));

        Tape t = new Tape();
        assertEquals(1 * 4 - 2 * 0.5 + 3 * 2, t.dot(t.constant(1, -2, 3), t.constant(4, 0.5, 2)).item());
        assertThrows(IllegalArgumentException.class, () -> t.dot(t.constant(1, 2), t.constant(1, 2, 3)));
    }

    @Test
    void rowNormMatchesThePlainNormAndItsGradient() {
        Random rng = new Random(12);
        for (int[] s : new int[][] {{5, 3}, {7, 1}, {1, 1}, {4, 9}}) {
            double[] a = signed(rng, s[0] * s[1], 0.1, 2);
            check("rowNorm " + s[0] + "x" + s[1], (t, l) -> t.rowNorm(l.get(0)), param(a, s[1]));
        }
        Tape t = new Tape();
        Var a = t.leaf(new double[] {3, 4, 0, 0, 0, -2}, 3, true);
        Var norm = t.rowNorm(a);
        assertEquals(1, norm.cols());
        assertArrayEquals(new double[] {5, 2}, norm.value());
        t.backward(t.sum(norm));
        assertArrayEquals(new double[] {0.6, 0.8, 0, 0, 0, -1}, a.grad(), 1e-15);

        Tape zero = new Tape();
        Var z = zero.leaf(new double[] {0, 0, 0, 1, 0, 0}, 3, true);
        zero.backward(zero.sum(zero.rowNorm(z)));
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0}, z.grad(), "the gradient at a zero norm is 0, as in torch");
    }

    @Test
    void normalizeRowsMatchesThePlainQuotientAndItsGradient() {
        Random rng = new Random(13);
        for (int[] s : new int[][] {{5, 3}, {7, 1}, {1, 1}, {3, 4}}) {
            double[] a = signed(rng, s[0] * s[1], 0.1, 2);
            check("normalizeRows " + s[0] + "x" + s[1], (t, l) -> t.normalizeRows(l.get(0)), param(a, s[1]));
        }
        Tape t = new Tape();
        double[] a = {3, 0, -4, 0, 2, 0};
        assertArrayEquals(new double[] {0.6, 0, -0.8, 0, 1, 0}, t.normalizeRows(t.leaf(a, 3, false)).value(), 1e-15);
    }

    @Test
    void normalizeRowsDividesRowsShorterThanEpsByEps() {
        // F.normalize: x / clamp_min(|x|, 1e-12), so below eps the rule is g / eps with eps a constant
        Tape t = new Tape();
        Var a = t.leaf(new double[] {3e-13, 4e-13, 0, 0}, 2, true);
        Var out = t.normalizeRows(a);
        assertArrayEquals(new double[] {0.3, 0.4, 0, 0}, out.value(), 1e-15);
        t.backward(t.dot(out, t.constant(1, 2, 3, 4)));
        assertArrayEquals(new double[] {1e12, 2e12, 3e12, 4e12}, a.grad(), 1e-3);
    }
}
