package org.mast3r.engine;

import java.util.Arrays;

/**
 * A weight as the backend keeps it: uploaded once when the model is built (style.md §4). On the CPU
 * the handle is the float32 MemorySegment of the mapped checkpoint itself (no copy for F32).
 */
public record Param(String name, long[] shape, Object handle) {
    public long size() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public int dim(int i) {
        return Math.toIntExact(shape[i]);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
