package org.mast3r.engine;

import java.util.Arrays;

/**
 * An activation owned by a {@link Backend}: a shape and an opaque handle to its storage (a float[]
 * on the CPU, a device buffer elsewhere). Row-major, no strides: every op writes a fresh contiguous
 * tensor or updates one in place. Only the owning backend looks inside the handle.
 */
public final class Tensor {
    private final int[] shape;
    private final Object handle;

    public Tensor(Object handle, int... shape) {
        this.handle = handle;
        this.shape = shape.clone();
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int rank() {
        return shape.length;
    }

    public long size() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    public Object handle() {
        return handle;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
