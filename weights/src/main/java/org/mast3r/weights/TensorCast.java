package org.mast3r.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.mast3r.common.BadInputException;

/**
 * Writes a stored float tensor in another float dtype, element by element with no whole-model buffer:
 * the same dtype is a byte copy; F16/BF16 widen exactly; narrowing rounds float32 to nearest even (as
 * torch's .half() and .to(torch.bfloat16) do), F16 to BF16 and back going through the exact float32.
 */
public final class TensorCast {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TensorCast() {}

    /** A filler of {@code to} bytes for {@code src}, for {@link SafetensorsWriter}. */
    public static Filler filler(StoredTensor src, DType to) {
        DType from = src.dtype();
        if (!from.isFloat() || !to.isFloat()) throw new BadInputException(src.name(), "cannot cast " + from + " to " + to + " (float types only)");
        if (from == to) return out -> out.copyFrom(src.bytes());
        return out -> {
            MemorySegment in = src.bytes();
            long n = src.elementCount();
            for (long i = 0; i < n; i++) {
                float v = switch (from) {
                    case F16 -> DType.f16ToF32(in.getAtIndex(I16_LE, i));
                    case BF16 -> DType.bf16ToF32(in.getAtIndex(I16_LE, i));
                    default -> in.getAtIndex(F32_LE, i);
                };
                switch (to) {
                    case F16 -> out.setAtIndex(I16_LE, i, DType.f32ToF16(v));
                    case BF16 -> out.setAtIndex(I16_LE, i, DType.f32ToBf16(v));
                    default -> out.setAtIndex(F32_LE, i, v);
                }
            }
        };
    }
}
