package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;

/** The .pth files PyTorch wrote (../shared/fixtures/pth): every tensor bit-identical, config as save_pretrained writes it. */
class PthFixturesTest {
    private static JsonNode manifest(String file) {
        return FixtureJson.read("pth", "manifest.json").get("files").get(file);
    }

    static String sha256(java.lang.foreign.MemorySegment s) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(s.asByteBuffer());
        return HexFormat.of().formatHex(md.digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dust3r-linear-tiny.f16.pth", "dust3r-mini.pth", "dust3r-mini.bf16.pth"})
    void everyTensorAndTheConfigMatchTheManifest(String file) throws Exception {
        JsonNode m = manifest(file);
        Path path = Fixtures.dir("pth").resolve(file);
        PthReader.Opened pth = PthReader.open(path, null);
        try (Safetensors st = pth.tensors()) {
            assertEquals(m.get("n_tensors").asInt(), st.names().size());
            for (Iterator<Map.Entry<String, JsonNode>> it = m.get("tensors").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                StoredTensor t = st.require(e.getKey());
                assertEquals(e.getValue().get("dtype").asText(), t.dtype().name(), e.getKey());
                long[] shape = new long[e.getValue().get("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = e.getValue().get("shape").get(i).asLong();
                assertArrayEquals(shape, t.shape(), e.getKey());
                assertEquals(e.getValue().get("sha256").asText(), sha256(t.bytes()), e.getKey());
                assertEquals(0, t.bytes().address() % t.dtype().size(), "stored entries are views, aligned");
            }
            assertEquals(m.get("expected_config"), Json.parse(pth.config().toJson(), "toJson"));
        }
    }

    @Test
    void theF16FileHoldsTheBytesOfTheSafetensorsTwin() {
        Path pth = Fixtures.dir("pth").resolve("dust3r-linear-tiny.f16.pth");
        try (Checkpoint ck = Checkpoint.open(pth, null);
             Safetensors twin = Safetensors.open(Fixtures.dir("dust3r-linear-tiny").resolve("model-f16.safetensors"))) {
            assertEquals(manifest("dust3r-linear-tiny.f16.pth").get("n_params").asLong(), ck.parameterCount());
            assertEquals(twin.names().size(), ck.file().names().size());
            for (String n : twin.names()) {
                assertArrayEquals(twin.get(n).bytes().toArray(ValueLayout.JAVA_BYTE), ck.file().get(n).bytes().toArray(ValueLayout.JAVA_BYTE), n);
            }
            assertTrue(ck.config().toString().startsWith("AsymmetricCroCo3DStereo"));
        }
    }

    @Test
    void aGivenConfigOverridesArgsModel() {
        Path dir = Fixtures.dir("dust3r-linear-tiny");
        try (Checkpoint ck = Checkpoint.open(Fixtures.dir("pth").resolve("dust3r-linear-tiny.f16.pth"), dir.resolve("config.json"))) {
            assertEquals(ModelConfig.fromJson(Json.read(dir.resolve("config.json")), "c").toJson(), ck.config().toJson());
        }
    }
}
