package org.mast3r.scene.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mast3r.scene.autodiff.GradCheck.Input.constant;
import static org.mast3r.scene.autodiff.GradCheck.Input.param;
import static org.mast3r.scene.autodiff.GradCheck.check;
import static org.mast3r.scene.autodiff.GradCheck.signed;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexingTest {
    private final Random rng = new Random(20);

    @Test
    void gatherRowsWithRepeatedIndices() {
        int[] rows = {4, 0, 4, 2, 4, 1, 0};
        check("gather 5x3", (t, l) -> t.gatherRows(l.get(0), rows), param(signed(rng, 15, 0, 2), 3));
        check("gather 5x1", (t, l) -> t.gatherRows(l.get(0), rows), param(signed(rng, 5, 0, 2), 1));
        check("gather 1x1", (t, l) -> t.gatherRows(l.get(0), new int[] {0, 0, 0}), param(new double[] {0.7}, 1));

        Tape t = new Tape();
        Var a = t.leaf(new double[] {1, 2, 3, 4, 5, 6}, 2, true);
        Var out = t.gatherRows(a, new int[] {2, 0, 2});
        assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, out.value());
        t.backward(t.sum(out));
        assertArrayEquals(new double[] {1, 1, 0, 0, 2, 2}, a.grad());
        assertThrows(IndexOutOfBoundsException.class, () -> t.gatherRows(a, new int[] {3}));
    }

    @Test
    void scatterAddRowsWithRepeatedTargets() {
        int[] rows = {1, 3, 1, 0, 3, 3, 1};
        check("scatter 7x3", (t, l) -> t.scatterAddRows(l.get(0), rows, 5), param(signed(rng, 21, 0, 2), 3));
        check("scatter 7x1", (t, l) -> t.scatterAddRows(l.get(0), rows, 4), param(signed(rng, 7, 0, 2), 1));

        Tape t = new Tape();
        Var a = t.leaf(new double[] {1, 2, 3, 4, 5, 6}, 2, true);
        Var out = t.scatterAddRows(a, new int[] {1, 1, 0}, 3);
        assertArrayEquals(new double[] {5, 6, 4, 6, 0, 0}, out.value());
        t.backward(t.dot(out, t.constant(1, 2, 3, 4, 5, 6)));
        assertArrayEquals(new double[] {3, 4, 3, 4, 1, 2}, a.grad());
        assertThrows(IndexOutOfBoundsException.class, () -> t.scatterAddRows(a, new int[] {0, 3, 1}, 3));
        assertThrows(IllegalArgumentException.class, () -> t.scatterAddRows(a, new int[] {0, 1}, 3));
    }

    @Test
    void sliceRows() {
        check("slice 7x3", (t, l) -> t.sliceRows(l.get(0), 2, 4), param(signed(rng, 21, 0, 2), 3));
        check("slice 7x1 last", (t, l) -> t.sliceRows(l.get(0), 6, 1), param(signed(rng, 7, 0, 2), 1));

        Tape t = new Tape();
        Var a = t.leaf(new double[] {1, 2, 3, 4, 5, 6}, 2, false);
        assertArrayEquals(new double[] {3, 4, 5, 6}, t.sliceRows(a, 1, 2).value());
        assertThrows(IndexOutOfBoundsException.class, () -> t.sliceRows(a, 2, 2));
    }

    @Test
    void concatRowsOfPartsSomeConstant() {
        check("concatRows", (t, l) -> t.concatRows(List.of(l.get(0), l.get(1), l.get(2), l.get(0))),
                param(signed(rng, 6, 0, 2), 3), constant(signed(rng, 3, 0, 2), 3), param(signed(rng, 12, 0, 2), 3));

        Tape t = new Tape();
        Var out = t.concatRows(List.of(t.constant(1, 2), t.leaf(new double[] {3, 4, 5, 6}, 2, false)));
        assertEquals(3, out.rows());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, out.value());
        assertThrows(IllegalArgumentException.class, () -> t.concatRows(List.of(t.constant(1, 2), t.constant(1))));
    }

    @Test
    void concatColsOfPartsSomeConstant() {
        check("concatCols", (t, l) -> t.concatCols(List.of(l.get(0), l.get(1), l.get(2), l.get(0))),
                param(signed(rng, 5, 0, 2), 1), constant(signed(rng, 10, 0, 2), 2), param(signed(rng, 15, 0, 2), 3));

        Tape t = new Tape();
        Var out = t.concatCols(List.of(t.leaf(new double[] {1, 2}, 1, false), t.leaf(new double[] {3, 4, 5, 6}, 2, false)));
        assertEquals(3, out.cols());
        assertArrayEquals(new double[] {1, 3, 4, 2, 5, 6}, out.value());
        assertThrows(IllegalArgumentException.class, () -> t.concatCols(List.of(t.constant(1, 2), out)));
    }

    @Test
    void reshape() {
        check("reshape 2x6 -> 4x3", (t, l) -> t.mul(t.reshape(l.get(0), 3), t.reshape(l.get(0), 3)), param(signed(rng, 12, 0, 2), 6));
        check("reshape 1x9 -> 3x3 in a product", (t, l) -> t.matmul(t.reshape(l.get(0), 3), t.reshape(l.get(0), 3)), param(signed(rng, 9, 0, 2), 9));
    }

    @Test
    void column() {
        check("column 5x3", (t, l) -> t.column(l.get(0), 1), param(signed(rng, 15, 0, 2), 3));
        check("column 1x1", (t, l) -> t.column(l.get(0), 0), param(new double[] {0.4}, 1));
        check("columns side by side", (t, l) -> t.mul(t.column(l.get(0), 2), t.column(l.get(0), 0)),
                param(signed(rng, 15, 0, 2), 3));

        Tape t = new Tape();
        Var a = t.leaf(new double[] {1, 2, 3, 4, 5, 6}, 3, false);
        assertArrayEquals(new double[] {3, 6}, t.column(a, 2).value());
        assertThrows(IndexOutOfBoundsException.class, () -> t.column(a, 3));
    }
}
