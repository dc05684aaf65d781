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

class LinearAlgebraTest {
    private final Random rng = new Random(30);

    @Test
    void matmulOfAwkwardShapes() {
        for (int[] s : new int[][] {{5, 3, 4}, {7, 1, 2}, {1, 1, 1}, {1, 4, 1}, {3, 3, 3}, {11, 3, 3}}) {   // n x 3 by 3 x 3: the unrolled path
            String name = "matmul " + s[0] + "x" + s[1] + " by " + s[1] + "x" + s[2];
            double[] a = signed(rng, s[0] * s[1], 0, 2), b = signed(rng, s[1] * s[2], 0, 2);
            check(name, (t, l) -> t.matmul(l.get(0), l.get(1)), param(a, s[1]), param(b, s[2]));
            check(name + " a only", (t, l) -> t.matmul(l.get(0), l.get(1)), param(a, s[1]), constant(b, s[2]));
            check(name + " b only", (t, l) -> t.matmul(l.get(0), l.get(1)), constant(a, s[1]), param(b, s[2]));
        }
        check("a a", (t, l) -> t.matmul(l.get(0), l.get(0)), param(signed(rng, 9, 0, 2), 3));

        Tape t = new Tape();
        Var a = t.leaf(new double[] {1, 2, 3, 4, 5, 6}, 3, false);              // [2, 3]
        Var b = t.leaf(new double[] {1, 0, 0, 1, 2, -1}, 2, false);             // [3, 2]
        Var ab = t.matmul(a, b);
        assertEquals(2, ab.rows());
        assertArrayEquals(new double[] {7, -1, 16, -1}, ab.value());
        assertThrows(IllegalArgumentException.class, () -> t.matmul(a, a));
    }

    @Test
    void transposeOfAwkwardShapes() {
        check("transpose 5x3", (t, l) -> t.transpose(l.get(0)), param(signed(rng, 15, 0, 2), 3));
        check("transpose 7x1", (t, l) -> t.transpose(l.get(0)), param(signed(rng, 7, 0, 2), 1));
        check("a^T a", (t, l) -> t.matmul(t.transpose(l.get(0)), l.get(0)), param(signed(rng, 15, 0, 2), 3));

        Tape t = new Tape();
        Var at = t.transpose(t.leaf(new double[] {1, 2, 3, 4, 5, 6}, 3, false));
        assertEquals(3, at.rows());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, at.value());
    }

    @Test
    void quatToRotationGradients() {
        // the map is a polynomial, so finite differences need no unit q; [1, 4] and [6, 4]
        check("quatToRotation 1", (t, l) -> t.quatToRotation(l.get(0)), param(signed(rng, 4, 0.1, 1), 4));
        check("quatToRotation 6", (t, l) -> t.quatToRotation(l.get(0)), param(signed(rng, 24, 0, 1), 4));
        check("normalized first", (t, l) -> t.quatToRotation(t.normalizeRows(l.get(0))), param(signed(rng, 24, 0.1, 1), 4));
    }

    @Test
    void quatToRotationRotatesLikeTheQuaternionProduct() {
        // R e_j = q (e_j, 0) q*, with q of any norm: roma's diagonal x^2 - y^2 - z^2 + w^2 keeps this for all q
        double[] q = signed(rng, 20, 0, 1.5);
        Tape t = new Tape();
        double[] r = t.quatToRotation(t.leaf(q, 4, false)).value();
        for (int n = 0; n < 5; n++) {
            double[] qn = {q[4 * n], q[4 * n + 1], q[4 * n + 2], q[4 * n + 3]};
            for (int j = 0; j < 3; j++) {
                double[] e = new double[4];
                e[j] = 1;
                double[] rotated = hamilton(hamilton(qn, e), new double[] {-qn[0], -qn[1], -qn[2], qn[3]});
                for (int i = 0; i < 3; i++) {
                    assertEquals(rotated[i], r[9 * n + 3 * i + j], 1e-14, "quaternion " + n + " R[" + i + "][" + j + "]");
                }
                assertEquals(0, rotated[3], 1e-14);
            }
        }
    }

    @Test
    void quatToRotationOfUnitQuaternionsIsOrthonormal() {
        Tape t = new Tape();
        double[] r = t.quatToRotation(t.normalizeRows(t.leaf(signed(rng, 40, 0, 1), 4, false))).value();
        for (int n = 0; n < 10; n++) {
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    double rowDot = 0;
                    for (int j = 0; j < 3; j++) {
                        rowDot += r[9 * n + 3 * i + j] * r[9 * n + 3 * k + j];
                    }
                    assertEquals(i == k ? 1 : 0, rowDot, 1e-14);
                }
            }
            int o = 9 * n;
            double det = r[o] * (r[o + 4] * r[o + 8] - r[o + 5] * r[o + 7])
                    - r[o + 1] * (r[o + 3] * r[o + 8] - r[o + 5] * r[o + 6])
                    + r[o + 2] * (r[o + 3] * r[o + 7] - r[o + 4] * r[o + 6]);
            assertEquals(1, det, 1e-14);
        }
        Tape id = new Tape();
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, id.quatToRotation(id.constant(0, 0, 0, 1)).value());
        // a quarter turn about z takes x to y: q = (0, 0, sin 45, cos 45)
        double h = Math.sqrt(0.5);
        assertArrayEquals(new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1},
                id.quatToRotation(id.constant(0, 0, h, h)).value(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> id.quatToRotation(id.constant(0, 0, 1)));
    }

    /** The quaternion product, both in (x, y, z, w): (v1, s1)(v2, s2) = (s1 v2 + s2 v1 + v1 x v2, s1 s2 - v1 . v2). */
    private static double[] hamilton(double[] a, double[] b) {
        return new double[] {
            a[3] * b[0] + b[3] * a[0] + a[1] * b[2] - a[2] * b[1],
            a[3] * b[1] + b[3] * a[1] + a[2] * b[0] - a[0] * b[2],
            a[3] * b[2] + b[3] * a[2] + a[0] * b[1] - a[1] * b[0],
            a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2],
        };
    }
}
