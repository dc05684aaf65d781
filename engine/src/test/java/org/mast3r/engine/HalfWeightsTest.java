package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mast3r.common.Fixtures;
import org.mast3r.kernels.WeightType;
import org.mast3r.weights.Checkpoint;
import org.mast3r.weights.CheckpointLayout;

/**
 * The F16 and BF16 weights of ../shared/fixtures/dust3r-linear-tiny through {@link CheckpointWeights} on
 * the CPU: matrices stay the mapped 16-bit bytes (no float32 copy), 1-D tensors are widened, and every
 * linear and convolution gives the same bits as with the checkpoint's widened float32 copy.
 */
class HalfWeightsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"model-f16.safetensors,F16", "model-bf16.safetensors,BF16"})
    void matricesStayStoredAndComputeAsWidened(String file, WeightType type) {
        Path dir = Fixtures.dir("dust3r-linear-tiny");
        try (Checkpoint ck = Checkpoint.open(dir.resolve(file), dir.resolve("config.json")); CpuBackend be = new CpuBackend(2)) {
            Weights weights = new CheckpointWeights(ck, be);
            int matrices = 0;
            for (CheckpointLayout.ParamSpec spec : CheckpointLayout.of(ck.config()).params()) {
                long[] shape = spec.shape();
                Param half = weights.get(spec.name(), shape);
                Param wide = be.param(spec.name(), ck.float32(spec.name(), shape), shape);
                if (shape.length < 2) {
                    assertEquals(WeightType.F32, half.type(), spec.name());
                    assertArrayEquals(floats(wide), floats(half), spec.name());
                    continue;
                }
                matrices++;
                assertEquals(type, half.type(), spec.name());
                assertEquals(ck.view(spec.name()).bytes().address(), ((MemorySegment) half.handle()).address(), spec.name() + " was copied");
                // mask_token [1, 1, C] is loaded but no op reads it as a weight
                if (shape.length == 2 || shape.length == 4) assertArrayEquals(apply(be, wide), apply(be, half), spec.name());
            }
            if (matrices == 0) fail("no matrices in " + file);
        }
    }

    /** The weight applied to a random input: a linear for [out, in], a convolution for [out, in, k, k]. */
    private static float[] apply(CpuBackend be, Param w) {
        if (w.shape().length == 2) {
            Tensor x = be.upload(Inputs.uniform(11, 5 * w.dim(1), 1), 5, w.dim(1));
            return be.download(be.linear(x, w, null));
        }
        int k = w.dim(2), size = 2 * k + 1;
        Tensor x = be.upload(Inputs.uniform(12, w.dim(1) * size * size, 1), w.dim(1), size, size);
        return be.download(be.conv2d(x, w, null, 1, 1));
    }

    private static float[] floats(Param p) {
        return ((MemorySegment) p.handle()).toArray(ValueLayout.JAVA_FLOAT);
    }
}
