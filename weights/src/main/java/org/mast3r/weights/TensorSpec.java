package org.mast3r.weights;

/** A tensor to write: name, dtype, shape and what produces its bytes. */
public record TensorSpec(String name, DType dtype, long[] shape, Filler filler) {
    public long elementCount() {
        return SynthV1.count(shape);
    }

    public long byteSize() {
        return Math.multiplyExact(elementCount(), dtype.size());
    }
}
