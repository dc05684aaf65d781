package org.mast3r.scene.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mast3r.scene.autodiff.GradCheck.Input.param;
import static org.mast3r.scene.autodiff.GradCheck.check;
import static org.mast3r.scene.autodiff.GradCheck.signed;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TapeTest {
    @Test
    void leavesUseTheirArrayAndShape() {
        Tape t = new Tape();
        double[] v = {1, 2, 3, 4, 5, 6};
        Var a = t.leaf(v, 2, true);
        assertSame(v, a.value());
        assertEquals(3, a.rows());
        assertEquals(2, a.cols());
        assertTrue(a.requiresGrad());
        Var c = t.constant(7, 8);
        assertEquals(1, c.rows());
        assertEquals(2, c.cols());
        assertFalse(c.requiresGrad());
        assertEquals(7, t.constant(7).item());
        assertThrows(IllegalArgumentException.class, () -> t.leaf(v, 4, true));
        assertThrows(IllegalStateException.class, c::item);
    }

    @Test
    void constantSubgraphsCarryNoGradient() {
        Tape t = new Tape();
        Var p = t.leaf(new double[] {0.5, -1}, 1, true);
        Var k = t.exp(t.mul(t.leaf(new double[] {1, 2}, 1, false), t.constant(3)));   // constants only
        Var loss = t.sum(t.mul(p, k));
        assertFalse(k.requiresGrad());
        t.backward(loss);
        assertNull(k.grad());
        assertArrayEquals(new double[] {Math.exp(3), Math.exp(6)}, p.grad());
    }

    @Test
    void aParameterTheLossDoesNotReachGetsZeros() {
        Tape t = new Tape();
        Var used = t.leaf(new double[] {2}, 1, true);
        Var unused = t.leaf(new double[] {1, 2, 3}, 3, true);
        Var aside = t.square(unused);
        t.backward(t.square(used));
        assertArrayEquals(new double[] {4}, used.grad());
        assertArrayEquals(new double[3], unused.grad());
        assertArrayEquals(new double[3], aside.grad());
    }

    @Test
    void intermediatesHoldTheirGradientsToo() {
        Tape t = new Tape();
        Var a = t.leaf(new double[] {1, 2}, 2, true);
        Var sq = t.square(a);
        t.backward(t.sum(t.scale(sq, 3)));
        assertArrayEquals(new double[] {3, 3}, sq.grad());
        assertArrayEquals(new double[] {6, 12}, a.grad());
    }

    @Test
    void aLeafUsedOnManyPathsSumsItsGradients() {
        Random rng = new Random(40);
        double[] a = signed(rng, 15, 0.2, 2), b = signed(rng, 3, 0.2, 2);
        check("exp(a) * b + a / rowNorm(a) - a", (t, l) -> {
            Var x = l.get(0), y = l.get(1);
            return t.sub(t.add(t.mul(t.exp(x), y), t.div(x, t.rowNorm(x))), x);
        }, param(a, 3), param(b, 3));
    }

    @Test
    void backwardNeedsOneScalarLossThatDependsOnAParameter() {
        Tape t = new Tape();
        Var p = t.leaf(new double[] {1, 2}, 2, true);
        assertThrows(IllegalArgumentException.class, () -> t.backward(t.square(p)));
        assertThrows(IllegalArgumentException.class, () -> t.backward(t.constant(1)));
        Var loss = t.sum(p);
        t.backward(loss);
        assertThrows(IllegalStateException.class, () -> t.backward(loss));
        assertArrayEquals(new double[] {1, 1}, p.grad());
    }
}
