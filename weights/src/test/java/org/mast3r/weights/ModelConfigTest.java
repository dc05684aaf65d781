package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;

class ModelConfigTest {
    @ParameterizedTest
    @ValueSource(strings = {"dust3r-linear-tiny", "mast3r-tiny", "mast3r-vitl-512"})
    void configJsonRoundTripsByteForByte(String fixture) throws IOException {
        String text = Files.readString(Fixtures.dir(fixture).resolve("config.json"));
        assertEquals(text, ModelConfig.fromJson(Json.parse(text, fixture), fixture).toJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dust3r-linear-tiny", "mast3r-tiny", "mast3r-vitl-512"})
    void manifestKwargsPlusDefaultsGiveTheSavedConfig(String fixture) throws IOException {
        String text = Files.readString(Fixtures.dir(fixture).resolve("config.json"));
        ModelConfig fromManifest = ModelConfig.fromJson(FixtureJson.read(fixture, "manifest.json"), fixture);
        assertEquals(text, fromManifest.toJson());
        ModelConfig fromConfig = ModelConfig.fromJson(Json.parse(text, fixture), fixture);
        assertEquals(fromConfig.modelClass(), fromManifest.modelClass());
    }

    @Test
    void flagshipValues() {
        ModelConfig c = ModelConfig.fromJson(FixtureJson.read("mast3r-vitl-512", "config.json"), "f");
        assertTrue(c.isMast3r());
        assertEquals(64, c.encHeadDim());
        assertEquals(64, c.decHeadDim());
        assertArrayEquals(new int[] {0, 6, 9, 12}, c.dptHooks());
        assertEquals(24, c.descDim());
        assertEquals(100.0, c.ropeFreq());
        assertEquals(new ModelConfig.Mode("exp", 0, Double.POSITIVE_INFINITY), c.descConfMode());
        assertEquals(new ModelConfig.Mode("exp", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), c.depthMode());
        assertEquals(512, c.imgH());
        assertFalse(c.landscapeOnly());
        assertArrayEquals(new int[] {0, 5, 7, 10}, ModelConfig.fromJson(FixtureJson.read("mast3r-tiny", "config.json"), "t").dptHooks());
    }

    @Test
    void dust3rDefaults() {
        ModelConfig c = ModelConfig.fromJson(Json.parse("{\"pos_embed\": \"RoPE100\"}", "d"), "d");
        assertEquals(ModelConfig.DUST3R, c.modelClass());
        assertEquals("linear", c.headType());
        assertEquals(224, c.imgW());
        assertEquals(768, c.encEmbedDim());
        assertEquals(new ModelConfig.Mode("exp", 1, Double.POSITIVE_INFINITY), c.confMode());
        assertNull(c.descConfMode());
        assertTrue(c.landscapeOnly());
    }

    @Test
    void mast3rDescConfModeDefaultsToConfMode() {
        ModelConfig c = ModelConfig.fromJson(Json.parse("""
                {"pos_embed": "RoPE100", "head_type": "catmlp+dpt", "output_mode": "pts3d+desc24", "dec_depth": 12,
                 "dec_num_heads": 8}""", "m"), "m");
        assertEquals(c.confMode(), c.descConfMode());
        assertTrue(c.toJson().contains("\"desc_conf_mode\": null"), c.toJson());
        assertFalse(c.twoConfs());
        assertEquals("norm", c.descMode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"pos_embed\": \"RoPE100\", \"head_type\": \"conv\"}|unknown head_type conv",
            "{\"pos_embed\": \"RoPE100\", \"output_mode\": \"depth\"}|unknown output_mode depth",
            "{\"pos_embed\": \"RoPE100\", \"enc_embed_dim\": 100, \"enc_num_heads\": 12}|enc_embed_dim 100 is not divisible by enc_num_heads 12",
            "{\"pos_embed\": \"RoPE100\", \"dec_embed_dim\": 24, \"dec_num_heads\": 4}|dec head dim 6 is not a multiple of 4",
            "{\"pos_embed\": \"cosine\"}|unsupported pos_embed cosine",
            "{\"pos_embed\": \"RoPE100\", \"img_size\": [500, 512]}|img_size 500x512 is not a multiple of patch_size 16",
            "{\"pos_embed\": \"RoPE100\", \"enc_depth\": -1}|enc_depth must be a positive integer",
            "{\"pos_embed\": \"RoPE100\", \"enc_depth\": 1e99}|enc_depth must be a positive integer",
            "{\"pos_embed\": \"RoPE100\", \"head_type\": \"dpt\", \"dec_depth\": 8}|head_type dpt needs dec_depth >= 10",
            "{\"pos_embed\": \"RoPE100\", \"two_confs\": true}|AsymmetricMASt3R needs head_type catmlp+dpt",
            "{\"pos_embed\": \"RoPE100\", \"depth_mode\": [\"cube\", 0, 1]}|depth_mode has unknown kind cube",
            "{\"pos_embed\": \"RoPE100\", \"conf_mode\": [\"exp\", 1]}|conf_mode must be [kind, vmin, vmax]",
            "{\"pos_embed\": \"RoPE100\", \"landscape_only\": \"no\"}|landscape_only must be true or false",
            "{\"pos_embed\": \"RoPE100\", \"patch_embed_cls\": \"Foo\"}|unknown patch_embed_cls Foo",
            "{\"model_class\": \"foo.Net\", \"constructor_kwargs\": {}}|unknown model class foo.Net",
            "[1, 2]|config is not a JSON object",
    })
    void badConfigsSayWhatIsWrong(String json, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> ModelConfig.fromJson(Json.parse(json, "cfg.json"), "cfg.json"));
        assertEquals("cfg.json", e.subject());
        assertTrue(e.problem().contains(message), e.problem());
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("4.0", PyJson.pyFloat(4.0));
        assertEquals("1e-06", PyJson.pyFloat(1e-6));
        assertEquals("0.0001", PyJson.pyFloat(1e-4));
        assertEquals("1e+16", PyJson.pyFloat(1e16));
        assertEquals("123456789.5", PyJson.pyFloat(123456789.5));
        assertEquals("-Infinity", PyJson.pyFloat(Double.NEGATIVE_INFINITY));
    }
}
