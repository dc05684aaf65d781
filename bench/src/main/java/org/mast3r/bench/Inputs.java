package org.mast3r.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Deterministic benchmark inputs in [-1, 1]: heap activations and native weights (as a mapped checkpoint gives them). */
final class Inputs {
    private Inputs() {}

    static float[] floats(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        return a;
    }

    /** {@code n} floats in a 64-byte aligned native segment of {@code arena}. */
    static MemorySegment weights(Arena arena, long n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        MemorySegment w = arena.allocate(n * Float.BYTES, 64);
        // Scaled like a trained layer's weights so sums stay O(1) (no denormals, no overflow).
        for (long i = 0; i < n; i++) w.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) ((rng.nextDouble() * 2 - 1) * 0.05));
        return w;
    }
}
