package org.mast3r.weights;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.common.AtomicFiles;

/** synth-v1 weights of a whole layout, ready for {@link SafetensorsWriter}, in F32, F16 or BF16. */
public final class SynthTensors {
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED;

    private SynthTensors() {}

    /** One TensorSpec per kept tensor of the layout. */
    public static List<TensorSpec> specs(CheckpointLayout layout, SynthSpec spec, DType dtype) {
        if (!dtype.isFloat()) throw new IllegalArgumentException("synthetic weights are float, not " + dtype);
        List<TensorSpec> out = new ArrayList<>();
        for (CheckpointLayout.ParamSpec p : layout.params()) {
            out.add(new TensorSpec(p.name(), dtype, p.shape(), filler(p.name(), p.shape(), spec, dtype)));
        }
        return out;
    }

    /** The __metadata__ a checkpoint folder carries: "format": "pt" and the dropped -> kept aliases. */
    public static Map<String, String> metadata(CheckpointLayout layout) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.putAll(layout.aliases());
        return m;
    }

    /**
     * Writes a checkpoint folder of synth-v1 weights: {@code model.safetensors} (kept tensors only, the
     * aliases in __metadata__) and {@code config.json}, each atomically.
     */
    public static void writeCheckpoint(Path dir, ModelConfig config, SynthSpec spec, DType dtype, int threads) {
        CheckpointLayout layout = CheckpointLayout.of(config);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), specs(layout, spec, dtype), metadata(layout), threads);
        AtomicFiles.writeString(dir.resolve("config.json"), config.toJson());
    }

    /** F32 is generated in place; F16/BF16 go through a float32 scratch buffer, rounded to nearest even. */
    public static Filler filler(String name, long[] shape, SynthSpec spec, DType dtype) {
        if (dtype == DType.F32) return bytes -> SynthV1.fill(name, shape, spec, bytes);
        return bytes -> {
            long n = SynthV1.count(shape);
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment f32 = scratch.allocate(n * 4, 64);
                SynthV1.fill(name, shape, spec, f32);
                for (long i = 0; i < n; i++) {
                    float v = f32.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                    bytes.setAtIndex(I16_LE, i, dtype == DType.F16 ? DType.f32ToF16(v) : DType.f32ToBf16(v));
                }
            }
        };
    }
}
