package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class ExpTest {
    private static final int L = Simd.LANES;

    /** Every 1e-4 step of [-87, 0] (the softmaxes' range): within 2 ulp of Math.exp rounded to float. */
    @Test
    void withinTwoUlpOfMathExp() {
        float[] x = new float[L], y = new float[L];
        double worst = 0;
        for (long i = 0; i < 870_000; i += L) {
            for (int j = 0; j < L; j++) x[j] = Math.min(0f, -87f + (i + j) * 1e-4f);
            Exp.exp(FloatVector.fromArray(Simd.F, x, 0)).intoArray(y, 0);
            for (int j = 0; j < L; j++) {
                float ref = (float) Math.exp(x[j]);
                worst = Math.max(worst, Math.abs(y[j] - ref) / Math.ulp(ref));
            }
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");
    }

    /** The clamp: far below, the result is about the smallest normal float, never negative; 0 gives exactly 1. */
    @Test
    void edges() {
        float[] x = new float[L], y = new float[L];
        x[0] = 0f;
        x[1] = -1000f;
        x[2] = Float.NEGATIVE_INFINITY;
        Exp.exp(FloatVector.fromArray(Simd.F, x, 0)).intoArray(y, 0);
        assertEquals(1f, y[0]);
        assertTrue(y[1] >= 0 && y[1] < 2e-38f, "exp(-1000) = " + y[1]);
        assertTrue(y[2] >= 0 && y[2] < 2e-38f, "exp(-inf) = " + y[2]);
    }

    /** sumLanes adds every lane (integers: exact in any order). */
    @Test
    void sumLanesAddsEveryLane() {
        float[] v = new float[L];
        for (int j = 0; j < L; j++) v[j] = j + 1;
        assertEquals(L * (L + 1) / 2f, Simd.sumLanes(FloatVector.fromArray(Simd.F, v, 0)));
    }
}
