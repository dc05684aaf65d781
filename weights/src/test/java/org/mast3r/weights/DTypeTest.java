package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** F16 and BF16 widen exactly, for all 65,536 bit patterns, against a decoding written from the formats. */
class DTypeTest {
    /** IEEE binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits. */
    private static int f16Reference(int h) {
        int sign = (h >>> 15) & 1, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
        if (exp == 0x1f && mant == 0) return (sign << 31) | 0x7f800000;
        // NaN keeps sign and payload and comes back quiet, as x86 F16C (and so torch's .float()) gives it.
        if (exp == 0x1f) return (sign << 31) | 0x7fc00000 | (mant << 13);
        double mag = exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
        return Float.floatToRawIntBits((float) (sign == 1 ? -mag : mag));
    }

    /** bfloat16: 1 sign, 8 exponent (bias 127), 7 mantissa bits. */
    private static int bf16Reference(int h) {
        int sign = (h >>> 15) & 1, exp = (h >>> 7) & 0xff, mant = h & 0x7f;
        if (exp == 0xff) return (sign << 31) | 0x7f800000 | (mant << 16); // bf16 is a shift: NaN bits kept as-is
        double mag = exp == 0 ? mant * Math.pow(2, -133) : (1 + mant / 128.0) * Math.pow(2, exp - 127);
        return Float.floatToRawIntBits((float) (sign == 1 ? -mag : mag));
    }

    @Test
    void everyF16PatternWidensExactly() {
        for (int h = 0; h < 65536; h++) {
            assertEquals(f16Reference(h), Float.floatToRawIntBits(DType.f16ToF32((short) h)), "f16 pattern " + h);
        }
    }

    @Test
    void everyBf16PatternWidensExactly() {
        for (int h = 0; h < 65536; h++) {
            int bits = h;
            assertEquals(bf16Reference(bits), Float.floatToRawIntBits(DType.bf16ToF32((short) bits)), () -> "bf16 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void narrowingRoundsToNearestEven() {
        for (int h = 0; h < 65536; h++) {
            float f = DType.bf16ToF32((short) h);
            if (!Float.isNaN(f)) assertEquals((short) h, DType.f32ToBf16(f));
        }
        // halfway between bf16 1.0 (0x3f80) and the next (0x3f81): ties go to the even one
        assertEquals((short) 0x3f80, DType.f32ToBf16(Float.intBitsToFloat(0x3f808000)));
        assertEquals((short) 0x3f82, DType.f32ToBf16(Float.intBitsToFloat(0x3f818000)));
        assertEquals((short) 0x3f81, DType.f32ToBf16(Float.intBitsToFloat(0x3f808001)));
        assertEquals(true, Float.isNaN(DType.bf16ToF32(DType.f32ToBf16(Float.NaN))));
    }
}
