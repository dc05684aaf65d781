package org.mast3r.scene.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamTest {
    @Test
    void twoStepsByHand() {
        Adam adam = new Adam(0.9, 0.999, 1e-8);
        double[] p = {1, -2};

        adam.step(p, new double[] {0.5, -1}, 0.1);
        // m = 0.1 g = (0.05, -0.1); v = 0.001 g^2 = (2.5e-4, 1e-3); bias corrections 0.1 and 0.001,
        // so m^ = g and sqrt(v^) = |g|: each parameter moves lr against its gradient's sign, less the eps
        assertArrayEquals(new double[] {1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 + 0.1 * 1 / (1 + 1e-8)}, p, 1e-15);

        adam.step(p, new double[] {0.2, 0.3}, 0.05);
        // m = 0.9 m + 0.1 g = (0.065, -0.06); v = 0.999 v + 0.001 g^2 = (2.8975e-4, 1.089e-3);
        // bias corrections 1 - 0.81 = 0.19 and 1 - 0.998001 = 0.001999
        double p0 = 1 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.05 / 0.19 * 0.065 / (Math.sqrt(2.8975e-4 / 0.001999) + 1e-8);
        double p1 = -2 + 0.1 / (1 + 1e-8) - 0.05 / 0.19 * -0.06 / (Math.sqrt(1.089e-3 / 0.001999) + 1e-8);
        assertArrayEquals(new double[] {p0, p1}, p, 1e-14);
        assertEquals(0.85507124295, p0, 1e-11);     // 0.9 - 0.0171053 / 0.3807197
        assertEquals(-1.87860757171, p1, 1e-11);    // -1.9 + 0.0157895 / 0.7380870
    }

    @Test
    void keepsOneStateForEachParameterArray() {
        Adam adam = new Adam(0.9, 0.9, 1e-8);
        double[] a = {0}, b = {0};
        adam.step(a, new double[] {1}, 0.1);
        adam.step(a, new double[] {1}, 0.1);
        adam.step(b, new double[] {1}, 0.1);
        // a constant gradient keeps m^ / sqrt(v^) at 1: every step moves lr, whatever the step count
        assertEquals(-0.2, a[0], 1e-8);          // less 1e-8 of lr per step, the eps
        assertEquals(-0.1, b[0], 1e-8);
        assertThrows(IllegalArgumentException.class, () -> adam.step(a, new double[2], 0.1));
    }
}
