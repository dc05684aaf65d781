package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mast3r.common.Json;

/** The layout derived from the model definitions reproduces each fixture's header.json exactly. */
class CheckpointLayoutTest {
    @ParameterizedTest
    @ValueSource(strings = {"dust3r-linear-tiny", "mast3r-tiny", "mast3r-vitl-512"})
    void reproducesHeaderJson(String fixture) {
        JsonNode header = FixtureJson.read(fixture, "header.json");
        CheckpointLayout layout = CheckpointLayout.of(ModelConfig.fromJson(FixtureJson.read(fixture, "config.json"), fixture));

        // Our header for the same tensors, written the way our writer lays them out (sorted, contiguous).
        List<TensorSpec> specs = new ArrayList<>();
        for (CheckpointLayout.ParamSpec p : layout.params()) specs.add(new TensorSpec(p.name(), DType.F32, p.shape(), b -> {}));
        specs.sort((a, b) -> a.name().compareTo(b.name()));
        JsonNode ours = Json.parse(new String(SafetensorsWriter.header(specs, layout.aliases()), java.nio.charset.StandardCharsets.UTF_8).strip(), "ours");

        Map<String, String> refMeta = new HashMap<>();
        if (header.has("__metadata__")) header.get("__metadata__").properties().forEach(e -> refMeta.put(e.getKey(), e.getValue().asText()));
        assertEquals(refMeta, layout.aliases(), fixture + " aliases");
        int tensors = 0;
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals("__metadata__")) continue;
            tensors++;
            JsonNode mine = ours.get(e.getKey());
            assertTrue(mine != null, fixture + ": layout lacks " + e.getKey());
            assertEquals(e.getValue(), mine, fixture + " " + e.getKey());
        }
        assertEquals(tensors, layout.params().size(), fixture + " tensor count");
    }

    @Test
    void stateDictOrderStartsWithMaskTokenAndEndsWithTheSecondHead() {
        CheckpointLayout l = CheckpointLayout.of(ModelConfig.fromJson(FixtureJson.read("mast3r-tiny", "config.json"), "t"));
        assertEquals("mask_token", l.params().getFirst().name());
        assertEquals("downstream_head2.head_local_features.fc2.bias", l.params().getLast().name());
    }

    @Test
    void dust3rDptHeadHasTheDptTensorsAndNoLocalFeatures() {
        JsonNode cfg = Json.parse("""
                {"head_type": "dpt", "output_mode": "pts3d", "enc_embed_dim": 1024, "enc_depth": 24, "enc_num_heads": 16,
                 "dec_embed_dim": 768, "dec_depth": 12, "dec_num_heads": 12, "img_size": [512, 512], "pos_embed": "RoPE100"}
                """, "dpt");
        ModelConfig c = ModelConfig.fromJson(cfg, "dpt");
        CheckpointLayout l = CheckpointLayout.of(c);
        Map<String, long[]> byName = new HashMap<>();
        l.params().forEach(p -> byName.put(p.name(), p.shape()));
        assertArrayEquals(new long[] {4, 128, 1, 1}, byName.get("downstream_head1.dpt.head.4.weight"));
        assertArrayEquals(new long[] {96, 1024, 1, 1}, byName.get("downstream_head2.dpt.act_postprocess.0.0.weight"));
        assertTrue(byName.keySet().stream().noneMatch(n -> n.contains("head_local_features")));
        assertEquals(8, l.aliases().size());
        // Everything but the heads equals the flagship MASt3R's trunk.
        CheckpointLayout m = CheckpointLayout.of(ModelConfig.fromJson(FixtureJson.read("mast3r-vitl-512", "config.json"), "m"));
        long trunk = m.params().stream().filter(p -> !p.name().startsWith("downstream")).mapToLong(CheckpointLayout.ParamSpec::elementCount).sum();
        long mlp = m.params().stream().filter(p -> p.name().contains("head_local_features")).mapToLong(CheckpointLayout.ParamSpec::elementCount).sum();
        assertEquals(m.parameterCount() - mlp, l.parameterCount());
        assertTrue(trunk > 0);
    }

    @Test
    void linearHeadWithoutConfHasThreeChannels() {
        ModelConfig c = ModelConfig.fromJson(Json.parse("{\"pos_embed\": \"RoPE100\", \"conf_mode\": null}", "c"), "c");
        CheckpointLayout l = CheckpointLayout.of(c);
        long[] proj = l.params().stream().filter(p -> p.name().equals("downstream_head1.proj.weight")).findFirst().orElseThrow().shape();
        assertArrayEquals(new long[] {3 * 16 * 16, 512}, proj);
    }
}
