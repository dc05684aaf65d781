package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Comparison against a double reference: the length first, then NaN/Inf, then the max abs error, which
 * must stay within {@code tol * max|ref|} (a tolerance relative to the output's scale, set per case).
 */
public final class Close {
    private Close() {}

    public static void assertClose(String what, double[] ref, float[] actual, double tol) {
        assertEquals(ref.length, actual.length, what + ": element count");
        double maxRef = 0, maxErr = 0;
        int worst = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!Float.isFinite(actual[i])) fail(what + ": non-finite " + actual[i] + " at " + i + " (ref " + ref[i] + ")");
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            double err = Math.abs(actual[i] - ref[i]);
            if (err > maxErr) {
                maxErr = err;
                worst = i;
            }
        }
        System.out.printf("RATIO %s %.2e tol %.0e%n", what, maxErr / maxRef, tol);
        if (maxRef == 0) fail(what + ": the reference is all zeros, so the case tests nothing");
        if (maxErr > tol * maxRef) {
            fail(String.format("%s: max abs error %.3g (at %d: %s vs ref %s) exceeds %.1g x max|ref| %.3g",
                    what, maxErr, worst, actual[worst], ref[worst], tol, maxRef));
        }
    }

    /** The tensor's shape, then its values against the reference. */
    public static void assertClose(String what, Backend be, Tensor t, int[] shape, double[] ref, double tol) {
        assertArrayEquals(shape, t.shape(), what + ": shape");
        assertClose(what, ref, be.download(t), tol);
    }

    /** Bit-exact equality for pure data movement. */
    public static void assertSame(String what, double[] ref, float[] actual) {
        assertEquals(ref.length, actual.length, what + ": element count");
        for (int i = 0; i < ref.length; i++) {
            if (Float.compare((float) ref[i], actual[i]) != 0) fail(what + ": at " + i + " got " + actual[i] + ", expected " + ref[i]);
        }
    }
}
