package org.mast3r.weights;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.mast3r.common.BadInputException;

/**
 * One tensor of a safetensors file: its dtype, shape and a read-only view of its little-endian bytes
 * inside the mapped file (no copy).
 */
public record StoredTensor(String name, DType dtype, long[] shape, MemorySegment bytes) {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public long elementCount() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    /**
     * The values as float32 in native order. F32 on a little-endian machine is the mapped view itself
     * (zero-copy) when it sits on a 4-byte boundary; an unaligned F32 tensor (after an odd-length F16
     * one) is copied, and F16 and BF16 are widened exactly, into a new segment owned by {@code arena}.
     */
    public MemorySegment asF32(Arena arena) {
        if (isZeroCopyF32()) return bytes;
        long n = elementCount();
        MemorySegment out = arena.allocate(n * 4, 64);
        switch (dtype) {
            case F32 -> { for (long i = 0; i < n; i++) out.setAtIndex(ValueLayout.JAVA_FLOAT, i, bytes.getAtIndex(F32_LE, i)); }
            case F16 -> { for (long i = 0; i < n; i++) out.setAtIndex(ValueLayout.JAVA_FLOAT, i, DType.f16ToF32(bytes.getAtIndex(I16_LE, i))); }
            case BF16 -> { for (long i = 0; i < n; i++) out.setAtIndex(ValueLayout.JAVA_FLOAT, i, DType.bf16ToF32(bytes.getAtIndex(I16_LE, i))); }
            default -> throw new BadInputException(name, "dtype " + dtype + " is not a floating-point type");
        }
        return out;
    }

    /** True when {@link #asF32} returns the mapped bytes themselves. */
    public boolean isZeroCopyF32() {
        return dtype == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && bytes.address() % 4 == 0;
    }

    /** A heap copy as float32 (small tensors: fixtures, biases in tests). */
    public float[] toFloats() {
        if (elementCount() > Integer.MAX_VALUE - 8) throw new BadInputException(name, "too large for a float[]");
        return switch (dtype) {
            case F32, F16, BF16 -> asF32(Arena.ofAuto()).toArray(ValueLayout.JAVA_FLOAT);
            case F64 -> { double[] d = toDoubles(); float[] f = new float[d.length]; for (int i = 0; i < d.length; i++) f[i] = (float) d[i]; yield f; }
            default -> { long[] l = toLongs(); float[] f = new float[l.length]; for (int i = 0; i < l.length; i++) f[i] = l[i]; yield f; }
        };
    }

    /** Integer or float64 values widened to double. */
    public double[] toDoubles() {
        int n = Math.toIntExact(elementCount());
        double[] out = new double[n];
        if (dtype == DType.F64) {
            for (int i = 0; i < n; i++) out[i] = Double.longBitsToDouble(bytes.getAtIndex(I64_LE, i));
        } else if (dtype == DType.F32 || dtype == DType.F16 || dtype == DType.BF16) {
            float[] f = toFloats();
            for (int i = 0; i < n; i++) out[i] = f[i];
        } else {
            long[] l = toLongs();
            for (int i = 0; i < n; i++) out[i] = l[i];
        }
        return out;
    }

    /** Integer values (I64, I32, I16, I8, U8, BOOL) widened to long. */
    public long[] toLongs() {
        int n = Math.toIntExact(elementCount());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case I64 -> bytes.getAtIndex(I64_LE, i);
                case I32 -> bytes.getAtIndex(I32_LE, i);
                case I16 -> bytes.getAtIndex(I16_LE, i);
                case I8 -> bytes.get(ValueLayout.JAVA_BYTE, i);
                case U8, BOOL -> bytes.get(ValueLayout.JAVA_BYTE, i) & 0xff;
                default -> throw new BadInputException(name, "dtype " + dtype + " is not an integer type");
            };
        }
        return out;
    }

    public int[] toInts() {
        long[] l = toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = Math.toIntExact(l[i]);
        return out;
    }
}
