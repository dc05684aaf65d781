package org.mast3r.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays of released activations, kept by length for the next op that needs the same size. A forward
 * pass asks for the same few shapes over and over (every encoder block the same five, the second view's head
 * the first one's), so after the first block or head almost every output comes from here: the heap stays at
 * the working set instead of filling with dead activations between collections, and nothing is zeroed twice.
 * Bounded by {@link #capacityFloats}; thread-safe, since one model serves concurrent pairs.
 */
final class FloatPool {
    private final long capacityFloats;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long pooledFloats;

    FloatPool(long capacityFloats) {
        this.capacityFloats = capacityFloats;
    }

    /** An array of exactly n floats; its contents are undefined (whatever the last owner left). */
    synchronized float[] take(int n) {
        ArrayDeque<float[]> q = free.get(n);
        if (q == null || q.isEmpty()) return new float[n];
        pooledFloats -= n;
        return q.pop();
    }

    /**
     * Gives back an array nobody reads any more. When it does not fit, the pool first lets go of everything
     * it holds (sizes of an earlier image size would otherwise sit there for good); an array larger than
     * the whole capacity is left to the GC.
     */
    synchronized void give(float[] a) {
        ArrayDeque<float[]> same = free.get(a.length);
        if (same != null && same.stream().anyMatch(b -> b == a)) {
            throw new IllegalStateException("an activation of " + a.length + " floats was released twice");
        }
        if (a.length > capacityFloats) return;
        if (pooledFloats + a.length > capacityFloats) {
            free.clear();
            pooledFloats = 0;
        }
        free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        pooledFloats += a.length;
    }

    synchronized long pooledFloats() {
        return pooledFloats;
    }
}
