package org.mast3r.engine;

import java.util.Arrays;
import org.mast3r.kernels.WeightType;

/**
 * A weight as the backend keeps it: uploaded once when the model is built (style.md §4). On the CPU
 * the handle is the MemorySegment of the mapped checkpoint itself (no copy), holding {@code type}
 * values: F16/BF16 matrices stay 16-bit and are widened by the kernels as they read them.
 */
public record Param(String name, long[] shape, Object handle, WeightType type) {
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
