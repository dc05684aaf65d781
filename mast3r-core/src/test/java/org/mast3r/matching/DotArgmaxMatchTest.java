package org.mast3r.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mast3r.kernels.Parallel;
import org.mast3r.kernels.Simd;

/** SIMD argmax against its scalar twin on awkward sizes, and the lowest-index rule on exact ties. */
class DotArgmaxMatchTest {
    private static float[] random(Random r, int n, boolean ties) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = ties ? r.nextInt(3) - 1 : (float) r.nextGaussian();
        return a;
    }

    @ParameterizedTest(name = "nq={0} n={1} dim={2} ties={3}")
    @CsvSource({"1,1,1,false", "5,15,3,false", "7,17,24,false", "9,33,8,true", "13,1031,24,false",
            "4,4100,31,true", "3,5000,2,true", "6,63,24,true"})
    void simdEqualsScalar(int nq, int n, int dim, boolean ties) {
        Random r = new Random(nq * 31L + n);
        float[] q = random(r, nq * dim, ties), db = random(r, n * dim, ties);
        int[] want = new int[nq];
        DotArgmax.scalar(q, nq, db, n, dim, want);
        // the scalar twin is the spec: check it picks the first maximum
        for (int k = 0; k < nq; k++) {
            float best = Float.NEGATIVE_INFINITY;
            int arg = 0;
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int d = 0; d < dim; d++) s = Math.fma(q[k * dim + d], db[j * dim + d], s);
                if (s > best) { best = s; arg = j; }
            }
            assertEquals(arg, want[k]);
        }
        if (!Simd.ENABLED) return;
        for (int threads : new int[] {1, 2}) {
            try (Parallel p = new Parallel(threads)) {
                int[] got = new int[nq];
                DotArgmax.simd(q, nq, DotArgmax.pack(db, n, dim), got, p);
                assertArrayEquals(want, got, "threads=" + threads);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void allEqualRowsPickIndexZeroEvenAcrossChunks() {
        int n = 70_000, dim = 4; // several L2 chunks: an equal row in a later chunk must not win
        float[] db = new float[n * dim];
        java.util.Arrays.fill(db, 1f);
        float[] q = {1f, 1f, 1f, 1f};
        int[] got = {-1};
        try (Parallel p = new Parallel(2)) {
            if (Simd.ENABLED) DotArgmax.simd(q, 1, DotArgmax.pack(db, n, dim), got, p);
            else DotArgmax.scalar(q, 1, db, n, dim, got);
        }
        assertEquals(0, got[0]);
    }

    @org.junit.jupiter.api.Test
    void negativeDotsNeverLoseToZeroPadding() {
        int n = 17, dim = 2; // 17 rows: the last panel is mostly zero padding, whose dot (0) beats every real row
        float[] db = new float[n * dim];
        for (int j = 0; j < n; j++) { db[2 * j] = 1f + j; db[2 * j + 1] = 1f; }
        float[] q = {-1f, -1f};
        int[] got = {-1}, want = {-1};
        DotArgmax.scalar(q, 1, db, n, dim, want);
        assertEquals(0, want[0]);
        if (Simd.ENABLED) {
            DotArgmax.simd(q, 1, DotArgmax.pack(db, n, dim), got, Parallel.serial());
            assertEquals(0, got[0]);
        }
    }
}
