package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mast3r.kernels.Check.GUARD;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    /** m, k, n: single rows and columns, tails of MR (6, or 4 with AVX2) and NR (2 vector widths), several k slices, empty. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 5}, {5, 3, 33}, {7, 300, 45}, {6, 256, 32}, {13, 257, 129}, {37, 513, 200},
        {2, 40, 300}, {0, 4, 4}, {3, 0, 5}, {4, 5, 0},
    };

    static List<Arguments> linearCases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : SHAPES) {
            for (Check.Storage st : Check.Storage.values()) {
                cases.add(Arguments.of(s[0], s[1], s[2], st, true, false, 1));
                cases.add(Arguments.of(s[0], s[1], s[2], st, false, true, 2));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "m={0} k={1} n={2} {3} bias={4} acc={5} threads={6}")
    @MethodSource("linearCases")
    void linearMatchesTwin(int m, int k, int n, Check.Storage st, boolean withBias, boolean accumulate, int threads) {
        float[] x = Check.random(1, m * k);
        MemorySegment w = Check.segment(st, Check.random(2, n * k));
        MemorySegment bias = withBias ? Check.segment0(st, Check.random(3, n)) : null;
        float[] prior = Check.random(4, m * n);
        float[] fast = Check.guardedCopy(prior), twin = Check.guardedCopy(prior);
        try (Parallel p = new Parallel(threads)) {
            Gemm.linear(p, x, 0, m, k, w, Check.W_OFF, bias, fast, GUARD, n, accumulate);
            Gemm.linearScalar(p, x, 0, m, k, w, Check.W_OFF, bias, twin, GUARD, n, accumulate);
        }
        // float accumulation over k terms of size <= 1 against a double twin
        Check.close("linear", twin, GUARD, fast, GUARD, m * n, 1e-6 * (k + 1), 1e-5);
        Check.assertGuards(fast, m * n);
        Check.assertGuards(twin, m * n);
    }

    static List<Arguments> matmulCases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : SHAPES) cases.add(Arguments.of(s[0], s[1], s[2]));
        return cases;
    }

    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @MethodSource("matmulCases")
    void matmulMatchesTwin(int m, int k, int n) {
        float[] a = Check.random(5, m * k + 3), b = Check.random(6, k * n + 2);
        float[] fast = Check.guarded(m * n), twin = Check.guarded(m * n);
        try (Parallel p = new Parallel(2)) {
            Gemm.matmul(p, a, 3, m, k, b, 2, n, fast, GUARD);
            Gemm.matmulScalar(p, a, 3, m, k, b, 2, n, twin, GUARD);
        }
        Check.close("matmul", twin, GUARD, fast, GUARD, m * n, 1e-6 * (k + 1), 1e-5);
        Check.assertGuards(fast, m * n);
    }

    /**
     * The same bits on 1, 2 and 3 threads, with a fused epilogue and a bias: shapes with several k slices, with
     * more n blocks than threads, and with one n block cut into m groups (each thread then packs its own A panels).
     */
    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @MethodSource("threadCases")
    void sameBitsOnAnyThreadCount(int m, int k, int n) {
        float[] x = Check.random(7, m * k);
        MemorySegment w = Check.segment(Check.Storage.HEAP, Check.random(8, n * k));
        MemorySegment bias = MemorySegment.ofArray(Check.random(9, n));
        float[][] y = new float[3][];
        for (int threads = 1; threads <= 3; threads++) {
            y[threads - 1] = Check.random(10, m * n);
            try (Parallel p = new Parallel(threads)) {
                Gemm.linear(p, x, 0, m, k, w, WeightType.F32, 0, bias, y[threads - 1], 0, n, true, (c, off, len) -> {
                    for (int j = off; j < off + len; j++) c[j] = Math.max(c[j], 0f);
                });
            }
        }
        assertArrayEquals(y[0], y[1]);
        assertArrayEquals(y[0], y[2]);
        // and the shared answer is the product: the scalar twin, then the same ReLU
        float[] twin = Check.random(10, m * n);
        Gemm.linearScalar(Parallel.serial(), x, 0, m, k, w, 0, bias, twin, 0, n, true);
        for (int i = 0; i < twin.length; i++) twin[i] = Math.max(twin[i], 0f);
        Check.close("linear+relu", twin, 0, y[0], 0, m * n, 1e-6 * (k + 1), 1e-5);
    }

    static List<Arguments> threadCases() {
        return List.of(Arguments.of(37, 600, 200), Arguments.of(100, 300, 24), Arguments.of(50, 257, 1000), Arguments.of(1, 40, 7));
    }

    /** The twin on numbers worked by hand: [[1,2,3],[4,5,6]] · [[1,0,-1],[2,1,0]]^T + [10, 20]. */
    @Test
    void twinOnHandValues() {
        float[] x = {1, 2, 3, 4, 5, 6};
        MemorySegment w = MemorySegment.ofArray(new float[] {1, 0, -1, 2, 1, 0});
        MemorySegment bias = MemorySegment.ofArray(new float[] {10, 20});
        float[] y = new float[4];
        Gemm.linearScalar(Parallel.serial(), x, 0, 2, 3, w, 0, bias, y, 0, 2, false);
        Check.close("hand", new float[] {8, 24, 8, 33}, 0, y, 0, 4, 0, 0);
    }
}
