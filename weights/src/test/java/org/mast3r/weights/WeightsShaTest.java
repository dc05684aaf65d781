package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * synth-v1 over each model's own layout reproduces every weights-sha256.json (sha256 of each kept
 * tensor's float32 little-endian bytes), the flagship's 1009 tensors included. Tensors are generated
 * one at a time per thread, so the flagship never needs its 2.75 GB at once.
 */
class WeightsShaTest {
    @Test
    void dust3rLinearTiny() {
        check("dust3r-linear-tiny");
    }

    @Test
    void mast3rTiny() {
        check("mast3r-tiny");
    }

    @Test
    void mast3rVitl512Flagship() {
        long t0 = System.nanoTime();
        check("mast3r-vitl-512");
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("flagship synth-v1 + sha256 of 1009 tensors: %.1f s%n", s);
    }

    private static void check(String fixture) {
        JsonNode manifest = FixtureJson.read(fixture, "manifest.json");
        JsonNode expected = FixtureJson.read(fixture, "weights-sha256.json");
        ModelConfig config = ModelConfig.fromJson(FixtureJson.read(fixture, "config.json"), fixture);
        SynthSpec spec = SynthSpec.fromJson(manifest.get("synth_weights"), fixture);
        CheckpointLayout layout = CheckpointLayout.of(config);
        JsonNode info = manifest.get("hf_layout").get("model_safetensors_info");
        assertEquals(info.get("n_tensors").longValue(), layout.params().size(), fixture + " tensor count");
        assertEquals(info.get("n_params").longValue(), layout.parameterCount(), fixture + " parameter count");
        assertEquals(expected.size(), layout.params().size());

        Map<String, String> got = new ConcurrentHashMap<>();
        int threads = Runtime.getRuntime().availableProcessors();
        TensorJobs.forEach(layout.params(), threads, CheckpointLayout.ParamSpec::elementCount, p -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(p.elementCount() * 4, 64);
                SynthV1.fill(p.name(), p.shape(), spec, buf);
                got.put(p.name(), sha256(buf));
            }
        });
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            assertTrue(got.containsKey(e.getKey()), fixture + ": layout lacks " + e.getKey());
            assertEquals(e.getValue().asText(), got.get(e.getKey()), fixture + " " + e.getKey());
        }
    }

    static String sha256(MemorySegment bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes.asByteBuffer());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
