package org.mast3r.weights;

/** The element types a safetensors file may declare, with their size in bytes. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** The dtype for a header's {@code "dtype"} string, or null if the format has no such type. */
    public static DType parse(String name) {
        for (DType d : values()) if (d.name().equals(name)) return d;
        return null;
    }

    /** IEEE binary16 to float32, exact for every bit pattern (subnormals, infinities); a NaN keeps sign and payload and comes back quiet, as F16C hardware gives it. */
    public static float f16ToF32(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** bfloat16 is the top half of a float32, so widening is a shift and exact for every pattern. */
    public static float bf16ToF32(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** float32 to binary16, round to nearest even (what torch's .half() does). */
    public static short f32ToF16(float f) {
        return Float.floatToFloat16(f);
    }

    /** float32 to bfloat16, round to nearest even; NaN stays a quiet NaN (torch's .to(bfloat16)). */
    public static short f32ToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x0040);
        int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    /** True for the types that widen to float32. */
    public boolean isFloat() {
        return this == F32 || this == F16 || this == BF16;
    }
}
