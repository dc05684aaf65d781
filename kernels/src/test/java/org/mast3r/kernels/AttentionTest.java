package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mast3r.kernels.Check.GUARD;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttentionTest {
    /** Separate q / k / v buffers with padded row strides; nq != nk is cross attention; several key blocks. */
    @ParameterizedTest(name = "nq={0} nk={1} heads={2} d={3}")
    @CsvSource({"1,1,1,1", "5,7,2,8", "33,130,3,20", "40,17,2,64", "0,5,1,4", "100,300,4,17", "3,257,1,16"})
    void crossMatchesTwin(int nq, int nk, int heads, int d) {
        int e = heads * d, qs = e + 3, ks = e + 5, vs = e + 1, os = e + 2;
        float[] q = Check.random(14, nq * qs), k = Check.random(15, nk * ks), v = Check.random(16, nk * vs);
        for (int i = 0; i < q.length; i++) q[i] *= 4; // peaked softmax rows
        // the gap columns between rows of out are never written: the guard check sees them
        assertMatchesTwin("attention", q, 0, qs, k, 1, ks, v, 0, vs, os, nq, nk, heads, d, (float) (1 / Math.sqrt(d)));
    }

    /** The fast path and the twin on the same inputs (output rows os apart), compared, guards included. */
    private static void assertMatchesTwin(String what, float[] q, int qOff, int qs, float[] k, int kOff, int ks,
                                          float[] v, int vOff, int vs, int os, int nq, int nk, int heads, int d, float scale) {
        float[] fast = Check.guarded(nq * os), twin = Check.guarded(nq * os);
        try (Parallel p = new Parallel(2)) {
            Attention.forward(p, q, qOff, qs, k, kOff, ks, v, vOff, vs, fast, GUARD, os, nq, nk, heads, d, scale);
            Attention.forwardScalar(p, q, qOff, qs, k, kOff, ks, v, vOff, vs, twin, GUARD, os, nq, nk, heads, d, scale);
        }
        Check.close(what, twin, GUARD, fast, GUARD, nq * os, 1e-5, 1e-4);
        Check.assertGuards(fast, nq * os);
    }

    /** Self attention on slices of one fused qkv [n, 3E] buffer, output over a separate [n, E]. */
    @ParameterizedTest(name = "n={0} heads={1} d={2}")
    @CsvSource({"1,2,8", "50,3,16", "129,2,64"})
    void fusedQkvMatchesTwin(int n, int heads, int d) {
        int e = heads * d;
        float[] qkv = Check.random(17, n * 3 * e);
        assertMatchesTwin("attention fused", qkv, 0, 3 * e, qkv, e, 3 * e, qkv, 2 * e, 3 * e, e, n, n, heads, d, 0.125f);
    }

    /** Scores spread over hundreds: most exp terms underflow, and the row max moves between key blocks. */
    @ParameterizedTest(name = "spread={0}")
    @ValueSource(floats = {30, 300})
    void sharpRowsMatchTwin(float spread) {
        int nq = 70, nk = 300, heads = 2, d = 24, e = heads * d;
        float[] q = Check.random(18, nq * e), k = Check.random(19, nk * e), v = Check.random(20, nk * e);
        for (int i = 0; i < q.length; i++) q[i] *= spread;
        for (int j = 0; j < nk; j++) {
            for (int c = 0; c < e; c++) k[j * e + c] *= (j + 1f) / nk; // later keys score higher: the max keeps moving
        }
        assertMatchesTwin("attention sharp", q, 0, e, k, 0, e, v, 0, e, e, nq, nk, heads, d, (float) (1 / Math.sqrt(d)));
    }

    /** Tasks are (head, query block) in a fixed order each: any thread count gives the same bits. */
    @Test
    void sameBitsForAnyThreadCount() {
        int nq = 150, nk = 200, heads = 3, d = 64, e = heads * d;
        float[] q = Check.random(21, nq * e), k = Check.random(22, nk * e), v = Check.random(23, nk * e);
        float[] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            float[] out = new float[nq * e];
            try (Parallel p = new Parallel(threads)) {
                Attention.forward(p, q, 0, e, k, 0, e, v, 0, e, out, 0, e, nq, nk, heads, d, 0.125f);
            }
            if (first == null) first = out;
            else assertArrayEquals(first, out, "threads=" + threads);
        }
    }
}
