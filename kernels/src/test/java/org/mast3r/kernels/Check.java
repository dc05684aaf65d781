package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Shared test harness (style.md §6): random inputs, output buffers with guard zones, weight segments on the
 * heap and off it at a non-zero element offset, and a comparison that checks NaN/Inf before error sizes.
 */
final class Check {
    /** Elements of sentinel before and after every output region; a kernel writing out of range trips them. */
    static final int GUARD = 37;
    static final float SENTINEL = 12345f;
    /** Element offset at which weights start inside their segment. */
    static final long W_OFF = 11;
    /** One arena for the whole test run: native weight segments live until the JVM exits. */
    private static final Arena ARENA = Arena.ofAuto();

    enum Storage { HEAP, NATIVE }

    private Check() {}

    static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    /** n elements starting at GUARD, surrounded by sentinels. */
    static float[] guarded(int n) {
        float[] a = new float[n + 2 * GUARD];
        Arrays.fill(a, SENTINEL);
        return a;
    }

    /** A copy of values placed at GUARD inside a guarded buffer (for in-place kernels). */
    static float[] guardedCopy(float[] values) {
        float[] a = guarded(values.length);
        System.arraycopy(values, 0, a, GUARD, values.length);
        return a;
    }

    static void assertGuards(float[] a, int n) {
        for (int i = 0; i < GUARD; i++) {
            if (a[i] != SENTINEL) fail("guard before output overwritten at " + (i - GUARD) + ": " + a[i]);
            if (a[GUARD + n + i] != SENTINEL) fail("guard after output overwritten at +" + i + ": " + a[GUARD + n + i]);
        }
    }

    /** The values at W_OFF elements into a segment of the given storage. */
    static MemorySegment segment(Storage storage, float[] values) {
        float[] padded = new float[values.length + (int) W_OFF + 3];
        Arrays.fill(padded, Float.NaN);
        System.arraycopy(values, 0, padded, (int) W_OFF, values.length);
        if (storage == Storage.HEAP) return MemorySegment.ofArray(padded);
        MemorySegment s = ARENA.allocate((long) padded.length * Float.BYTES, Float.BYTES);
        MemorySegment.copy(padded, 0, s, ValueLayout.JAVA_FLOAT, 0, padded.length);
        return s;
    }

    /** A bias-like segment starting at element 0 (kernels take biases and gammas unsliced). */
    static MemorySegment segment0(Storage storage, float[] values) {
        return segment(storage, values).asSlice(W_OFF * Float.BYTES, (long) values.length * Float.BYTES);
    }

    /**
     * Fails on the first non-finite actual value where the expected one is finite, then if any element has
     * |a - e| > absTol + relTol * |e|; the message gives max abs and max rel error.
     */
    static void close(String what, float[] expected, int eOff, float[] actual, int aOff, int n, double absTol, double relTol) {
        double maxAbs = 0, maxRel = 0;
        int worst = -1;
        for (int i = 0; i < n; i++) {
            float e = expected[eOff + i], a = actual[aOff + i];
            if (!Float.isFinite(a) && Float.isFinite(e)) fail(what + ": non-finite " + a + " at " + i + " (expected " + e + ")");
            if (!Float.isFinite(e)) {
                assertEquals(e, a, what + ": at " + i);
                continue;
            }
            double err = Math.abs((double) a - e);
            maxAbs = Math.max(maxAbs, err);
            if (e != 0) maxRel = Math.max(maxRel, err / Math.abs(e));
            if (err > absTol + relTol * Math.abs(e) && worst < 0) worst = i;
        }
        if (worst >= 0) {
            fail(String.format("%s: element %d is %s, expected %s; max abs %.3g, max rel %.3g (tol abs %.1g rel %.1g)",
                    what, worst, actual[aOff + worst], expected[eOff + worst], maxAbs, maxRel, absTol, relTol));
        }
    }
}
