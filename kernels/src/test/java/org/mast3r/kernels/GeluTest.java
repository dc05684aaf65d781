package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mast3r.kernels.Check.GUARD;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeluTest {
    /**
     * The twin rounds a double good to ~1e-10 once: half an ulp, at most 2^-24 = 6e-8 relative. Below
     * float's smallest normal (x < -13.15) results come in subnormal steps of 1.4e-45, and the twin is within
     * 1.5e-44 there (its erfc clamp at |z| = 10, x < -14.14).
     */
    private static final double TWIN_REL = 6.1e-8, TWIN_ABS = 1.6e-44;
    /**
     * The float fast path, measured over every float in [-15, 15]: 2.65e-7 relative (2.22 x 2^-23), and
     * 2.83e-45 below 2^-126 (its relative error just under 2^-126, plus half a step). With
     * -Dmast3r.simd=false it is the twin, held to the twin's bounds.
     */
    private static final double FAST_REL = Simd.ENABLED ? 2.7e-7 : TWIN_REL, FAST_ABS = Simd.ENABLED ? 2.9e-45 : TWIN_ABS;

    /** n, range: tails of the vector width, and ranges reaching the erfc tail (|x| up to 20). */
    @ParameterizedTest(name = "n={0} range={1}")
    @CsvSource({"1,1", "7,3", "16,1", "1000,5", "4099,20", "0,1"})
    void matchesSeriesReference(int n, float range) {
        float[] x = Check.random(11, n);
        for (int i = 0; i < n; i++) x[i] *= range;
        if (n > 5) {
            x[0] = 0f;
            x[1] = -1.4142135f; // |z| = 1, the seam between the twin's two fits
            x[2] = 1.4142137f;
        }
        float[] fast = Check.guardedCopy(x), serial = Check.guardedCopy(x), twin = Check.guardedCopy(x);
        try (Parallel p = new Parallel(2)) {
            Gelu.inPlace(p, fast, GUARD, n);
            Gelu.inPlaceScalar(p, twin, GUARD, n);
        }
        Gelu.inPlace(serial, GUARD, n);
        double[] ref = reference(x);
        assertClose("gelu twin", ref, twin, GUARD, TWIN_REL, TWIN_ABS);
        assertClose("gelu fast", ref, fast, GUARD, FAST_REL, FAST_ABS);
        // the pool splits on whole vectors, so each element takes the same path whatever the threads
        assertArrayEquals(serial, fast, "gelu fast: pool and calling thread differ");
        Check.assertGuards(fast, n);
        Check.assertGuards(serial, n);
    }

    /**
     * Every x = -10 + 1e-4 i up to 10, then x over [-15, 15] in steps of 1e-3, where e^(-x^2/2) runs down
     * to e^-112 and gelu(x) for negative x through the subnormals to -0.
     */
    @Test
    void denseSweepMatchesSeriesReference() {
        int dense = 200_001, tail = 30_001;
        float[] x = new float[dense + tail];
        for (int i = 0; i < dense; i++) x[i] = (float) (-10 + 1e-4 * i);
        for (int i = 0; i < tail; i++) x[dense + i] = (float) (-15 + 1e-3 * i);
        float[] fast = Check.guardedCopy(x), twin = Check.guardedCopy(x);
        try (Parallel p = new Parallel(2)) {
            Gelu.inPlace(p, fast, GUARD, x.length);
            Gelu.inPlaceScalar(p, twin, GUARD, x.length);
        }
        double[] ref = reference(x);
        assertClose("gelu twin sweep", ref, twin, GUARD, TWIN_REL, TWIN_ABS);
        assertClose("gelu fast sweep", ref, fast, GUARD, FAST_REL, FAST_ABS);
        Check.assertGuards(fast, x.length);
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
        Gelu.inPlace(fast, 0, n);
        try (Parallel p = Parallel.serial()) {
            Gelu.inPlaceScalar(p, twin, 0, x.length);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], twin[i], "twin gelu(" + x[i] + ")");
            assertEquals(expected[i], fast[i], "fast gelu(" + x[i] + ")");
        }
    }

    private static double[] reference(float[] x) {
        double[] ref = new double[x.length];
        for (int i = 0; i < x.length; i++) ref[i] = 0.5 * x[i] * erfcReference(-x[i] / Math.sqrt(2));
        return ref;
    }

    /**
     * |a - e| <= rel |e| where |e| is in float's normal range, |a - e| <= abs below it (subnormal results
     * have a fixed step, so only an absolute bound means anything there); a NaN or Inf must match exactly.
     */
    private static void assertClose(String what, double[] expected, float[] actual, int aOff, double rel, double abs) {
        double maxRel = 0, maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            float a = actual[aOff + i];
            if (!Double.isFinite(e) || !Float.isFinite(a)) {
                assertEquals((float) e, a, what + ": at " + i);
                continue;
            }
            double err = Math.abs(a - e);
            boolean normal = Math.abs(e) >= Float.MIN_NORMAL;
            if (normal) maxRel = Math.max(maxRel, err / Math.abs(e));
            else maxAbs = Math.max(maxAbs, err);
            if (normal ? err > rel * Math.abs(e) : err > abs) {
                fail(String.format("%s: element %d is %s, expected %s (error %.3g); tol rel %.2g, abs %.2g below 2^-126",
                        what, i, a, e, err, rel, abs));
            }
        }
        System.out.printf("%s: max rel %.3g (%.2f x 2^-23), max abs below 2^-126 %.3g%n", what, maxRel, maxRel / 0x1p-23, maxAbs);
    }

    /**
     * erfc in double: Maclaurin series of erf for |z| <= 1.5, Laplace continued fraction beyond (relative
     * error < 1e-15 both, against mpmath; the series' cancellation would cost 1e-9 by z = 3).
     */
    static double erfcReference(double z) {
        if (z < -1.5) return 2 - erfcReference(-z);
        if (z <= 1.5) {
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
