package org.mast3r.engine;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays of released activations, kept by length for the next op that needs the same size. A forward
 * pass asks for the same few shapes over and over (every encoder block the same five, the second view's head
 * the first one's), so after the first block or head almost every output comes from here: the heap stays at
 * the working set instead of filling with dead activations between collections, and nothing is zeroed twice.
 * Bounded by {@link #capacityFloats}, and held through soft references, so a heap that runs short takes
 * pooled arrays back before it would fail; thread-safe, since one model serves concurrent pairs.
 */
final class FloatPool {
    private final long capacityFloats;
    private final boolean nanReleased;
    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> free = new HashMap<>();
    private long pooledFloats;

    /** nanReleased: fill every array given back with NaN (tests), so a read after release fails a parity check. */
    FloatPool(long capacityFloats, boolean nanReleased) {
        this.capacityFloats = capacityFloats;
        this.nanReleased = nanReleased;
    }

    /** An array of exactly n floats; its contents are undefined (whatever the last owner left). */
    synchronized float[] take(int n) {
        ArrayDeque<SoftReference<float[]>> q = free.get(n);
        while (q != null && !q.isEmpty()) {
            pooledFloats -= n;
            float[] a = q.pop().get();
            if (a != null) return a;
        }
        return new float[n];
    }

    /**
     * Gives back an array nobody reads any more. When it does not fit, the pool first lets go of everything
     * it holds (sizes of an earlier image size would otherwise sit there for good); an array larger than
     * the whole capacity is left to the GC.
     */
    synchronized void give(float[] a) {
        ArrayDeque<SoftReference<float[]>> same = free.get(a.length);
        if (same != null && same.stream().anyMatch(r -> r.get() == a)) {
            throw new IllegalStateException("an activation of " + a.length + " floats was released twice");
        }
        if (nanReleased) Arrays.fill(a, Float.NaN);
        if (a.length > capacityFloats) return;
        if (pooledFloats + a.length > capacityFloats) {
            free.clear();
            pooledFloats = 0;
        }
        free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(new SoftReference<>(a));
        pooledFloats += a.length;
    }

    /** Floats held, counting arrays the GC may already have taken back. */
    synchronized long pooledFloats() {
        return pooledFloats;
    }
}
