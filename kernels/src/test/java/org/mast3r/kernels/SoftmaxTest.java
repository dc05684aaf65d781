package org.mast3r.kernels;

import static org.mast3r.kernels.Check.GUARD;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoftmaxTest {
    @ParameterizedTest(name = "rows={0} cols={1} spread={2}")
    @CsvSource({"1,1,1", "1,17,1", "3,16,4", "5,100,30", "2,769,80", "0,5,1", "4,3,200"})
    void matchesTwinAndDoubleReference(int rows, int cols, float spread) {
        float[] x = Check.random(10, rows * cols);
        for (int i = 0; i < x.length; i++) x[i] *= spread; // spreads up to 200 would overflow exp without the max
        float[] fast = Check.guardedCopy(x), twin = Check.guardedCopy(x);
        Softmax.rows(fast, GUARD, rows, cols);
        Softmax.rowsScalar(twin, GUARD, rows, cols);
        Check.close("softmax fast", twin, GUARD, fast, GUARD, rows * cols, 1e-7, 1e-5);
        Check.close("softmax twin", reference(x, rows, cols), 0, twin, GUARD, rows * cols, 1e-9, 1e-6);
        Check.assertGuards(fast, rows * cols);
    }

    private static float[] reference(float[] x, int rows, int cols) {
        float[] y = new float[x.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < cols; i++) max = Math.max(max, x[r * cols + i]);
            for (int i = 0; i < cols; i++) sum += Math.exp(x[r * cols + i] - max);
            for (int i = 0; i < cols; i++) y[r * cols + i] = (float) (Math.exp(x[r * cols + i] - max) / sum);
        }
        return y;
    }
}
