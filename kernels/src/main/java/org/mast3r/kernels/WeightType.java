package org.mast3r.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * How a weight segment stores its values, in native byte order: float32, IEEE binary16 or bfloat16.
 * Kernels take the type next to the segment and widen 16-bit weights exactly as they read them (while
 * packing GEMM panels, or in a convolution's weight copy), so a half-size checkpoint is never expanded
 * into a float32 copy of the whole model. Widening is exact, so the same float values reach the same
 * arithmetic as with a pre-widened float32 copy: results are bit-identical.
 */
public enum WeightType {
    F32(4), F16(2), BF16(2);

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    /** Shorts in as many lanes as {@link Simd#F}: S2I then gives one full int (float) vector. */
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Simd.LANES * 16));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, Simd.F.vectorShape());
    /** Per-thread staging for 16-bit rows: one bulk copy out of the segment, then an array loop C2 vectorises. */
    private static final ThreadLocal<short[][]> STAGE = ThreadLocal.withInitial(() -> new short[1][0]);

    private final int bytes;

    WeightType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Element {@code i} of {@code w} as float32 (scalar twins; hot paths use {@link #read}). */
    public float get(MemorySegment w, long i) {
        return switch (this) {
            case F32 -> w.getAtIndex(FLOAT, i);
            case F16 -> Float.float16ToFloat(w.getAtIndex(SHORT, i));
            case BF16 -> bf16(w.getAtIndex(SHORT, i));
        };
    }

    /** Elements [from, from + n) of {@code w} as float32 into dst[dstOff, dstOff + n): the one place kernels widen. */
    public void read(MemorySegment w, long from, float[] dst, int dstOff, int n) {
        if (this == F32) {
            MemorySegment.copy(w, FLOAT, from * Float.BYTES, dst, dstOff, n);
            return;
        }
        short[] src = stage(n);
        MemorySegment.copy(w, SHORT, from * 2, src, 0, n);
        if (this == F16) {
            // Float.float16ToFloat is an intrinsic that C2 turns into vcvtph2ps over the array.
            for (int i = 0; i < n; i++) dst[dstOff + i] = Float.float16ToFloat(src[i]);
            return;
        }
        int i = 0;
        if (Simd.ENABLED) {
            // bfloat16 is a float32's top half. S2I sign-extends, but the shift by 16 drops those bits.
            for (; i <= n - Simd.LANES; i += Simd.LANES) {
                ShortVector s = ShortVector.fromArray(S, src, i);
                IntVector bits = (IntVector) s.convertShape(VectorOperators.S2I, I, 0);
                bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + i);
            }
        }
        for (; i < n; i++) dst[dstOff + i] = bf16(src[i]);
    }

    private static float bf16(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    private static short[] stage(int n) {
        short[][] slot = STAGE.get();
        if (slot[0].length < n) slot[0] = new short[n];
        return slot[0];
    }
}
