package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mast3r.kernels.Check.GUARD;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeluTest {
    /** n, range: tails of the vector width, and ranges reaching the erfc tail (|x| / sqrt2 up to 14). */
    @ParameterizedTest(name = "n={0} range={1}")
    @CsvSource({"1,1", "7,3", "16,1", "1000,5", "4099,20", "0,1"})
    void matchesTwinAndSeriesReference(int n, float range) {
        float[] x = Check.random(11, n);
        for (int i = 0; i < n; i++) x[i] *= range;
        if (n > 5) {
            x[0] = 0f;
            x[1] = -1.4142135f; // |z| = 1, the seam between the two fits
            x[2] = 1.4142137f;
        }
        float[] fast = Check.guardedCopy(x), twin = Check.guardedCopy(x);
        try (Parallel p = new Parallel(2)) {
            Gelu.inPlace(p, fast, GUARD, n);
            Gelu.inPlaceScalar(p, twin, GUARD, n);
        }
        float[] ref = new float[n];
        for (int i = 0; i < n; i++) ref[i] = (float) (0.5 * x[i] * erfcReference(-x[i] / Math.sqrt(2)));
        // about one float ulp (2^-23 = 1.2e-7) relative; the abs term only covers subnormal results
        Check.close("gelu twin", ref, 0, twin, GUARD, n, 1e-40, 1.5e-7);
        Check.close("gelu fast", twin, GUARD, fast, GUARD, n, 1e-40, 1.5e-7);
        Check.assertGuards(fast, n);
    }

    /**
     * The tail fit with the fast path's own exp: a dense sweep of x over [-15, 15] (|z| up to 10.6, past the
     * clamp), where exp(-z^2) runs from e^-1 down to e^-100 and gelu(x) for negative x shrinks to 1e-45.
     */
    @Test
    void tailSweepMatchesTwin() {
        int n = 30001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = -15f + 30f * i / (n - 1);
        float[] fast = Check.guardedCopy(x), twin = Check.guardedCopy(x);
        try (Parallel p = new Parallel(2)) {
            Gelu.inPlace(p, fast, GUARD, n);
            Gelu.inPlaceScalar(p, twin, GUARD, n);
        }
        Check.close("gelu tail", twin, GUARD, fast, GUARD, n, 1e-40, 1.5e-7);
        Check.assertGuards(fast, n);
    }

    /**
     * Special values give the same float from the fast path (padded to whole vectors) and the twin: x for
     * large positive x and +inf, -0 for large negative x and -inf, NaN for NaN, the sign of zero kept.
     */
    @Test
    void specialValuesMatchTheTwinExactly() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1e30f, -1e30f, 1e6f, -1e6f, 20f, -20f, 14.5f, -14.5f, -14.5f - 1e-6f, 6f, -Float.MIN_VALUE,
            -Float.MIN_NORMAL, Float.MIN_NORMAL, 1e-30f, -1e-30f};
        float[] expected = {Float.NaN, Float.POSITIVE_INFINITY, -0f, 0f, -0f, Float.MAX_VALUE, -0f, 1e30f, -0f, 1e6f, -0f,
            20f, -0f, 14.5f, -0f, -0f, 6f, -0f, -Float.MIN_NORMAL / 2, Float.MIN_NORMAL / 2, 5e-31f, -5e-31f};
        int n = (x.length + Simd.LANES - 1) / Simd.LANES * Simd.LANES; // whole vectors: no scalar tail
        float[] fast = new float[n], twin = x.clone();
        System.arraycopy(x, 0, fast, 0, x.length);
        try (Parallel p = Parallel.serial()) {
            Gelu.inPlace(p, fast, 0, n);
            Gelu.inPlaceScalar(p, twin, 0, x.length);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], twin[i], "twin gelu(" + x[i] + ")");
            assertEquals(expected[i], fast[i], "fast gelu(" + x[i] + ")");
        }
    }

    /** erfc in double: Maclaurin series of erf for |z| <= 3, Laplace continued fraction beyond. */
    static double erfcReference(double z) {
        if (z < -3) return 2 - erfcReference(-z);
        if (z <= 3) {
            double term = z, sum = z; // term_n = (-1)^n z^(2n+1) / n!
            for (int n = 1; n < 200; n++) {
                term *= -z * z / n;
                sum += term / (2 * n + 1);
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        // erfc(z) = exp(-z^2)/sqrt(pi) / (z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + ...)))))
        double f = z;
        for (int n = 120; n >= 1; n--) f = z + (n / 2.0) / f;
        return Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
    }
}
