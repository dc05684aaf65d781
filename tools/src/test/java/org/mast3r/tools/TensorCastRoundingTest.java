package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mast3r.weights.DType;
import org.mast3r.weights.StoredTensor;
import org.mast3r.weights.TensorCast;

/** convert's F32 -> F16/BF16 narrowing against {@link RoundingReference}: ties, subnormals, overflow, random bits. */
class TensorCastRoundingTest {
    private static float[] cases() {
        SplittableRandom r = new SplittableRandom(11);
        float[] v = new float[20_000];
        int i = 0;
        for (float f : new float[] {1f, -1f, 65504f, 65519.99f, 65520f, 1e30f, -3.4e38f, 5.96e-8f, 2.98e-8f, 2.99e-8f, 1e-40f,
                Float.intBitsToFloat(0x3f808000), Float.intBitsToFloat(0x3f818000), Float.intBitsToFloat(0x3f801000),
                Float.intBitsToFloat(0x3f803000), Float.MAX_VALUE, Float.MIN_VALUE, -0f}) v[i++] = f;
        while (i < v.length) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (!Float.isNaN(f)) v[i++] = f;
        }
        return v;
    }

    @Test
    void narrowingMatchesTheScalarReference() {
        float[] v = cases();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment src = a.allocateFrom(ValueLayout.JAVA_FLOAT, v);
            StoredTensor t = new StoredTensor("x", DType.F32, new long[] {v.length}, src);
            for (DType to : new DType[] {DType.F16, DType.BF16}) {
                MemorySegment out = a.allocate(2L * v.length, 2);
                TensorCast.filler(t, to).fill(out);
                float[] back = new StoredTensor("y", to, new long[] {v.length}, out).toFloats();
                for (int i = 0; i < v.length; i++) {
                    float want = RoundingReference.round(v[i], to == DType.F16 ? 10 : 7);
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(back[i]), to + " of " + v[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(v[i])) + ")");
                }
            }
            MemorySegment nan = a.allocateFrom(ValueLayout.JAVA_FLOAT, Float.NaN, Float.intBitsToFloat(0xff800001));
            for (DType to : new DType[] {DType.F16, DType.BF16}) {
                MemorySegment out = a.allocate(4, 2);
                TensorCast.filler(new StoredTensor("n", DType.F32, new long[] {2}, nan), to).fill(out);
                for (float f : new StoredTensor("m", to, new long[] {2}, out).toFloats()) assertTrue(Float.isNaN(f), to + " keeps NaN");
            }
        }
    }
}
