package org.mast3r.weights;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The bytes of one strided tensor of a storage, row-major: a view of the storage when the strides are
 * contiguous and the start is aligned to the element size, else a copy made once into {@code arena}.
 * Bounds were checked when the pickle built the tensor ({@link TorchPickle}).
 */
final class PthTensors {
    private PthTensors() {}

    static MemorySegment bytes(Py.Tensor t, MemorySegment storage, Arena arena) {
        int es = t.storage().dtype().size();
        long numel = SynthV1.count(t.size());
        long begin = t.offset() * es, bytes = numel * es;
        if (contiguous(t.size(), t.stride())) {
            MemorySegment view = storage.asSlice(begin, bytes);
            if (view.address() % es == 0) return view;
            MemorySegment copy = arena.allocate(Math.max(1, bytes), 64).asSlice(0, bytes);
            copy.copyFrom(view);
            return copy;
        }
        MemorySegment out = arena.allocate(Math.max(1, bytes), 64).asSlice(0, bytes);
        gather(t, storage, out, es);
        return out;
    }

    /** Row-major strides, ignoring dimensions of size 1 (their stride never matters); empty tensors count as contiguous. */
    static boolean contiguous(long[] size, long[] stride) {
        long expect = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] == 0) return true;
            if (size[i] != 1 && stride[i] != expect) return false;
            expect *= size[i];
        }
        return true;
    }

    /** Walks the output in row-major order with an odometer over the dimensions. */
    private static void gather(Py.Tensor t, MemorySegment storage, MemorySegment out, int es) {
        long[] size = t.size(), stride = t.stride();
        int d = size.length;
        long numel = out.byteSize() / es;
        long[] idx = new long[d];
        long src = t.offset();
        for (long o = 0; o < numel; o++) {
            MemorySegment.copy(storage, src * es, out, o * es, es);
            for (int k = d - 1; k >= 0; k--) {
                if (++idx[k] < size[k]) {
                    src += stride[k];
                    break;
                }
                src -= (size[k] - 1) * stride[k];
                idx[k] = 0;
            }
        }
    }
}
