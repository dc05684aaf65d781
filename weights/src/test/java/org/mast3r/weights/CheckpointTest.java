package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Fixtures;

class CheckpointTest {
    @TempDir Path tmp;

    private static Path tiny() {
        return Fixtures.dir("dust3r-linear-tiny");
    }

    @Test
    void hubFolderMatchesSyntheticWeightsBitForBit() {
        try (Checkpoint file = Checkpoint.open(tiny(), null);
             Checkpoint synth = Checkpoint.synthetic(file.config(), SynthSpec.defaults(), 2)) {
            assertEquals(838_496, file.parameterCount());
            assertEquals(838_496, synth.parameterCount());
            assertNull(synth.file());
            for (CheckpointLayout.ParamSpec p : CheckpointLayout.of(file.config()).params()) {
                MemorySegment a = file.float32(p.name(), p.shape());
                MemorySegment b = synth.float32(p.name(), p.shape());
                assertEquals(-1, a.mismatch(b), p.name());
            }
        }
    }

    @Test
    void f32IsZeroCopyAndHalfTypesWidenOnceAndCache() {
        try (Checkpoint f32 = Checkpoint.open(tiny(), null);
             Checkpoint f16 = Checkpoint.open(tiny().resolve("model-f16.safetensors"), tiny().resolve("config.json"));
             Checkpoint bf16 = Checkpoint.open(tiny().resolve("model-bf16.safetensors"), tiny().resolve("config.json"))) {
            String n = "enc_blocks.0.attn.qkv.weight";
            StoredTensor stored = f32.file().get(n);
            assertEquals(stored.bytes().address(), f32.float32(n).address());
            assertSame(f16.float32(n), f16.float32(n));
            float[] ref = f32.floats(n), h = f16.floats(n), b = bf16.floats(n);
            for (int i = 0; i < ref.length; i++) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(ref[i])), h[i], n + "[" + i + "]");
                assertEquals(DType.bf16ToF32(DType.f32ToBf16(ref[i])), b[i], n + "[" + i + "]");
            }
        }
    }

    /** view keeps the stored dtype and bytes (what the CPU backend uses for F16/BF16), checked like float32. */
    @Test
    void viewIsTheStoredTensorUnwidened() {
        try (Checkpoint bf16 = Checkpoint.open(tiny().resolve("model-bf16.safetensors"), tiny().resolve("config.json"));
             Checkpoint synth = Checkpoint.synthetic(bf16.config(), SynthSpec.defaults(), 2)) {
            String n = "dec_blocks2.0.mlp.fc2.weight";
            StoredTensor v = bf16.view(n, 64, 256);
            assertEquals(DType.BF16, v.dtype());
            assertSame(bf16.stored(n), v);
            BadInputException shape = assertThrows(BadInputException.class, () -> bf16.view(n, 256, 64));
            assertEquals("tensor " + n + " has shape [64, 256], expected [256, 64]", shape.problem());
            assertNull(synth.view(n, 64, 256));
        }
    }

    @Test
    void aliasesResolveInSyntheticAndWrittenCheckpoints() throws IOException {
        ModelConfig c = ModelConfig.fromJson(FixtureJson.read("mast3r-tiny", "config.json"), "t");
        String dropped = "downstream_head1.dpt.scratch.layer_rn.2.weight", kept = "downstream_head1.dpt.scratch.layer3_rn.weight";
        try (Checkpoint s = Checkpoint.synthetic(c, SynthSpec.defaults(), 2)) {
            assertSame(s.float32(kept), s.float32(dropped, 256, 384, 3, 3));
        }
        Path dir = writeFolder(c, DType.BF16, List.of());
        try (Checkpoint f = Checkpoint.open(dir, null)) {
            assertEquals("pt", f.file().metadata().get("format"));
            assertSame(f.float32(kept), f.float32(dropped));
            assertEquals(48_385_384, f.parameterCount());
        }
    }

    @Test
    void missingDecBlocks2FallsBackToDecBlocks() throws IOException {
        ModelConfig c = ModelConfig.fromJson(FixtureJson.read("dust3r-linear-tiny", "config.json"), "t");
        Path dir = writeFolder(c, DType.F32, List.of("dec_blocks2."));
        try (Checkpoint f = Checkpoint.open(dir, null)) {
            assertEquals(f.float32("dec_blocks.1.mlp.fc1.weight").address(), f.float32("dec_blocks2.1.mlp.fc1.weight").address());
        }
    }

    @Test
    void errorsNameTheTensorExpectedAndFound() throws IOException {
        try (Checkpoint f = Checkpoint.open(tiny(), null)) {
            BadInputException shape = assertThrows(BadInputException.class, () -> f.float32("enc_norm.weight", 97));
            assertEquals("tensor enc_norm.weight has shape [96], expected [97]", shape.problem());
            BadInputException missing = assertThrows(BadInputException.class, () -> f.float32("no.such.weight"));
            assertEquals("missing tensor no.such.weight", missing.problem());
        }
        // A config that does not fit the file: the first misfit tensor is named at open.
        Path cfg = tmp.resolve("wide.json");
        Files.writeString(cfg, Files.readString(tiny().resolve("config.json")).replace("\"enc_embed_dim\": 96", "\"enc_embed_dim\": 128"));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.open(tiny().resolve("model.safetensors"), cfg));
        assertTrue(e.problem().startsWith("tensor patch_embed.proj.weight has shape [96, 3, 16, 16], expected [128, 3, 16, 16]"), e.problem());
        // An integer tensor where a float is needed.
        ModelConfig c = ModelConfig.fromJson(FixtureJson.read("dust3r-linear-tiny", "config.json"), "t");
        Path dir = tmp.resolve("ints");
        Files.createDirectories(dir);
        List<TensorSpec> specs = new java.util.ArrayList<>(SynthTensors.specs(CheckpointLayout.of(c), SynthSpec.defaults(), DType.F32));
        specs.replaceAll(t -> t.name().equals("enc_norm.bias") ? new TensorSpec(t.name(), DType.I32, t.shape(), b -> {}) : t);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), specs, Map.of());
        Files.copy(tiny().resolve("config.json"), dir.resolve("config.json"));
        BadInputException ints = assertThrows(BadInputException.class, () -> Checkpoint.open(dir, null));
        assertEquals("tensor enc_norm.bias has dtype I32, expected F32, F16 or BF16", ints.problem());
    }

    @Test
    void bareFileNeedsAConfig() {
        Path file = tiny().resolve("model.safetensors");
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.open(file, null));
        assertEquals(file.toString(), e.subject());
        assertEquals("no config.json: pass --config", e.problem());
        BadInputException none = assertThrows(BadInputException.class, () -> Checkpoint.open(tmp.resolve("nope"), null));
        assertEquals("no such file or folder", none.problem());
        BadInputException empty = assertThrows(BadInputException.class, () -> Checkpoint.open(tmp, null));
        assertEquals("no model.safetensors in the folder", empty.problem());
    }

    @Test
    void synthSpecReadsUnsignedSeeds() {
        assertEquals(-1L, SynthSpec.parseSeed("18446744073709551615", "--seed"));
        assertEquals(7L, SynthSpec.parseSeed("0x7", "--seed"));
        assertThrows(BadInputException.class, () -> SynthSpec.parseSeed("18446744073709551616", "--seed"));
        assertThrows(BadInputException.class, () -> SynthSpec.parseSeed("-1", "--seed"));
        assertArrayEquals(new long[] {1}, new long[] {SynthSpec.parseSeed("1", "s")});
    }

    /** A checkpoint folder of synth-v1 weights, leaving out tensors whose names start with a prefix. */
    private Path writeFolder(ModelConfig c, DType dtype, List<String> dropPrefixes) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "ck");
        CheckpointLayout layout = CheckpointLayout.of(c);
        List<TensorSpec> specs = SynthTensors.specs(layout, SynthSpec.defaults(), dtype).stream()
                .filter(t -> dropPrefixes.stream().noneMatch(t.name()::startsWith)).toList();
        SafetensorsWriter.write(dir.resolve("model.safetensors"), specs, SynthTensors.metadata(layout), 2);
        Files.writeString(dir.resolve("config.json"), c.toJson());
        return dir;
    }

    @Test
    void floatsOfAnUnalignedF32TensorAreCopied() throws IOException {
        // An F16 tensor of odd length pushes the next F32 tensor off a 4-byte boundary.
        Path f = tmp.resolve("odd.safetensors");
        SafetensorsWriter.write(f, List.of(
                new TensorSpec("a", DType.F16, new long[] {3}, b -> b.fill((byte) 0)),
                new TensorSpec("b", DType.F32, new long[] {2}, b -> {
                    b.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 0, 1.5f);
                    b.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4, -2f);
                })), Map.of());
        try (Safetensors st = Safetensors.open(f); java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            assertTrue(st.get("b").bytes().address() % 4 != 0);
            MemorySegment copy = st.get("b").asF32(arena);
            assertEquals(0, copy.address() % 4);
            assertArrayEquals(new float[] {1.5f, -2f}, copy.toArray(ValueLayout.JAVA_FLOAT));
            assertArrayEquals(new float[] {1.5f, -2f}, st.get("b").toFloats());
        }
    }
}
