package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;

/** args.model: a literal parse (never an eval) with load_model's rewrite, equal to the config.json path. */
class PthConfigTest {
    // The training command of the mast3r README for the released 512 metric model.
    static final String MAST3R_512 = "AsymmetricMASt3R(enc_depth=24, dec_depth=12, enc_embed_dim=1024, dec_embed_dim=768, "
            + "enc_num_heads=16, dec_num_heads=12, pos_embed='RoPE100', patch_embed_cls='ManyAR_PatchEmbed', "
            + "img_size=(512, 512), head_type='catmlp+dpt', output_mode='pts3d+desc24', depth_mode=('exp', -inf, inf), "
            + "conf_mode=('exp', 1, inf), desc_conf_mode=('exp', 0, inf), two_confs=True)";

    @Test
    void theReleaseStringGivesTheFlagshipConfigJson() {
        ModelConfig c = PthConfig.fromArgsModel(MAST3R_512, "x.pth");
        ModelConfig fromJson = ModelConfig.fromJson(Json.read(Fixtures.dir("mast3r-vitl-512").resolve("config.json")), "config.json");
        assertEquals(fromJson.toJson(), c.toJson());
        assertEquals(Json.read(Fixtures.dir("mast3r-vitl-512").resolve("config.json")), Json.parse(c.toJson(), "c"));
        assertEquals(ModelConfig.MAST3R, c.modelClass());
    }

    @Test
    void literalsOfEveryKind() {
        PyLiteral.Call call = PyLiteral.parseCall("m.Cls(a=1, b=-2.5e-3, c='x\\'y', d=\"z\", e=(1, [2, None]), f=True, g=False, h=-inf, i=1_000, j=(), k=.5,)", "s");
        assertEquals("m.Cls", call.name());
        assertEquals(1L, call.kwargs().get("a"));
        assertEquals(-2.5e-3, call.kwargs().get("b"));
        assertEquals("x'y", call.kwargs().get("c"));
        assertEquals("z", call.kwargs().get("d"));
        assertEquals(List.of(1L, java.util.Arrays.asList(2L, null)), call.kwargs().get("e"));
        assertEquals(Boolean.TRUE, call.kwargs().get("f"));
        assertEquals(Double.NEGATIVE_INFINITY, call.kwargs().get("h"));
        assertEquals(1000L, call.kwargs().get("i"));
        assertEquals(List.of(), call.kwargs().get("j"));
        assertEquals(0.5, call.kwargs().get("k"));
    }

    @Test
    void codeIsRefusedNotRun() {
        for (String bad : new String[] {
                "AsymmetricMASt3R(enc_depth=__import__('os').system('true'))",
                "AsymmetricMASt3R(enc_depth=eval('1'))",
                "AsymmetricMASt3R(enc_depth=2*3)",
                "AsymmetricMASt3R(24)",
                "AsymmetricMASt3R(enc_depth=24",
                "AsymmetricMASt3R(enc_depth=24); import os",
                "AsymmetricMASt3R(enc_depth=24, enc_depth=12)"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> PthConfig.fromArgsModel(bad, "x.pth"), bad);
            assertTrue(e.subject().startsWith("x.pth: args.model"), e.getMessage());
        }
    }

    @Test
    void unknownClassesAreRefusedByTheConfigReader() {
        BadInputException e = assertThrows(BadInputException.class, () -> PthConfig.fromArgsModel("Evil(enc_depth=2)", "x.pth"));
        assertTrue(e.problem().contains("unknown model class Evil"), e.getMessage());
    }
}
