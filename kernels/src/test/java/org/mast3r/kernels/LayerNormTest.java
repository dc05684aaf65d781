package org.mast3r.kernels;

import static org.mast3r.kernels.Check.GUARD;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayerNormTest {
    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{1, 1}, {1, 17}, {3, 16}, {5, 1024}, {7, 768}, {4, 33}, {0, 8}};
        for (int[] s : shapes) {
            for (Check.Storage st : Check.Storage.values()) {
                cases.add(Arguments.of(s[0], s[1], st, false));
                cases.add(Arguments.of(s[0], s[1], st, true));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "rows={0} dim={1} {2} inPlace={3}")
    @MethodSource("cases")
    void matchesTwinAndDoubleReference(int rows, int dim, Check.Storage st, boolean inPlace) {
        float[] x = Check.random(7, rows * dim);
        for (int i = 0; i < x.length; i++) x[i] = x[i] * 3 + 5; // an offset mean tests the two-pass variance
        float[] gamma = Check.random(8, dim), beta = Check.random(9, dim);
        MemorySegment g = Check.segment0(st, gamma), b = Check.segment0(st, beta);
        float eps = 1e-6f;
        float[] fast = Check.guarded(rows * dim), twin = Check.guarded(rows * dim);
        float[] src = inPlace ? fast : x;
        int srcOff = inPlace ? GUARD : 0;
        if (inPlace) System.arraycopy(x, 0, fast, GUARD, x.length);
        try (Parallel p = new Parallel(2)) {
            LayerNorm.rows(p, src, srcOff, rows, dim, g, b, eps, fast, GUARD);
            LayerNorm.rowsScalar(p, x, 0, rows, dim, g, b, eps, twin, GUARD);
        }
        // outputs are O(3); float sums over <= 1024 elements of size ~5
        Check.close("layernorm fast", twin, GUARD, fast, GUARD, rows * dim, 2e-5, 1e-5);
        Check.close("layernorm twin", reference(x, rows, dim, gamma, beta, eps), 0, twin, GUARD, rows * dim, 1e-6, 1e-6);
        Check.assertGuards(fast, rows * dim);
    }

    /** Textbook formula in double, written independently of the twin. */
    private static float[] reference(float[] x, int rows, int dim, float[] gamma, float[] beta, double eps) {
        float[] y = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            double mean = 0, var = 0;
            for (int i = 0; i < dim; i++) mean += x[r * dim + i] / (double) dim;
            for (int i = 0; i < dim; i++) var += Math.pow(x[r * dim + i] - mean, 2) / dim;
            for (int i = 0; i < dim; i++) y[r * dim + i] = (float) ((x[r * dim + i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i]);
        }
        return y;
    }
}
