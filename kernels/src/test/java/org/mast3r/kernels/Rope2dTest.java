package org.mast3r.kernels;

import static org.mast3r.kernels.Check.GUARD;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rope2dTest {
    /** tokens, heads, headDim; rope acts on the k slice of a fused [tokens, 3 * heads * headDim] buffer. */
    @ParameterizedTest(name = "tokens={0} heads={1} headDim={2}")
    @CsvSource({"1,1,4", "7,2,8", "12,3,64", "5,1,36", "33,4,20", "0,2,8", "3,2,128", "100,2,16"})
    void matchesTwinAndTorchFormula(int tokens, int heads, int headDim) {
        int e = heads * headDim, stride = 3 * e, n = tokens * stride;
        float[] x = Check.random(12, n);
        SplittableRandom r = new SplittableRandom(13);
        int[] py = new int[tokens], px = new int[tokens];
        for (int t = 0; t < tokens; t++) {
            py[t] = r.nextInt(40);
            px[t] = r.nextInt(60);
        }
        float[] fast = Check.guardedCopy(x), twin = Check.guardedCopy(x);
        try (Parallel p = new Parallel(2)) {
            Rope2d.apply(p, fast, GUARD + e, tokens, stride, heads, headDim, py, px, 100);
        }
        Rope2d.applyScalar(twin, GUARD + e, tokens, stride, heads, headDim, py, px, 100);
        Check.close("rope fast", twin, GUARD, fast, GUARD, n, 0, 0); // same float operations: bit-identical
        // torch's float32 angles: pos * inv_freq rounded to float is off by up to ulp(60 rad) = 3.8e-6
        Check.close("rope twin", reference(x, tokens, stride, e, heads, headDim, py, px), 0, twin, GUARD, n, 1e-5, 1e-6);
        Check.assertGuards(fast, n);
    }

    /**
     * croco's formula written as torch does it: per half, tokens * cat(cos, cos) + cat(-x2, x1) * cat(sin, sin),
     * with angles in double.
     */
    private static float[] reference(float[] x, int tokens, int stride, int off, int heads, int headDim, int[] py, int[] px) {
        float[] y = x.clone();
        int m = headDim / 2;
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < heads; h++) {
                for (int half = 0; half < 2; half++) {
                    int o = t * stride + off + h * headDim + half * m;
                    int pos = half == 0 ? py[t] : px[t];
                    for (int i = 0; i < m; i++) {
                        double theta = pos / Math.pow(100, 2.0 * (i % (m / 2)) / m);
                        double rot = i < m / 2 ? -x[o + i + m / 2] : x[o + i - m / 2];
                        y[o + i] = (float) (x[o + i] * Math.cos(theta) + rot * Math.sin(theta));
                    }
                }
            }
        }
        return y;
    }

    /** Worked by hand: y position 0 is the identity, x position 1 turns quarter j by 1 / 100^(2j/4) rad. */
    @Test
    void handValues() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8}; // headDim 8: y-half (1,2,3,4), x-half (5,6,7,8); quarters of 2
        Rope2d.applyScalar(x, 0, 1, 8, 1, 8, new int[] {0}, new int[] {1}, 100);
        // y-half untouched; x-half j=0: angle 1 (inv_freq 1), j=1: angle 1/100^(2/4) = 0.1
        float c0 = (float) Math.cos(1), s0 = (float) Math.sin(1), c1 = (float) Math.cos(0.1f), s1 = (float) Math.sin(0.1f);
        float[] expected = {1, 2, 3, 4, 5 * c0 - 7 * s0, 6 * c1 - 8 * s1, 7 * c0 + 5 * s0, 8 * c1 + 6 * s1};
        Check.close("rope hand", expected, 0, x, 0, 8, 1e-6, 1e-6);
    }
}
