package org.mast3r.engine.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.mast3r.common.BadInputException;
import org.mast3r.engine.CheckpointWeights;
import org.mast3r.engine.CpuBackend;
import org.mast3r.engine.MapWeights;
import org.mast3r.weights.Checkpoint;
import org.mast3r.weights.CheckpointLayout;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;

/**
 * The modules against the project's own {@link CheckpointLayout} (the weights module's list of what the
 * reference state_dict holds): each module, built at its prefix, reads exactly the tensors the layout
 * lists under that prefix, with their shapes. The other tests declare names by hand; this one ties
 * those names to the layout that conversion and loading use.
 */
class CheckpointLayoutNamesTest {
    @AutoClose
    static final CpuBackend BE = new CpuBackend(1);

    /** A small MASt3R config: enc 40 (2 heads x 20), dec 24 (3 heads x 8), patch 4. */
    static final ModelConfig C = new ModelConfig(ModelConfig.MAST3R, 4, 12, 20, 40, 2, 2, 24, 2, 3, 4.0,
            "catmlp+dpt", "pts3d+desc24", 24, new ModelConfig.Mode("exp", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
            new ModelConfig.Mode("exp", 1, Double.POSITIVE_INFINITY), new ModelConfig.Mode("exp", 0, Double.POSITIVE_INFINITY),
            true, "norm", 100, "PatchEmbedDust3R", false, null);

    /** A test checkpoint holding the layout's tensors under {@code prefix.} (and nothing else). */
    private static MapWeights layoutUnder(String prefix) {
        MapWeights w = new MapWeights(BE, 1);
        int found = 0;
        for (CheckpointLayout.ParamSpec p : CheckpointLayout.of(C).params()) {
            if (p.name().startsWith(prefix + ".")) {
                w.add(p.name(), 0, 0.1, p.shape());
                found++;
            }
        }
        assertTrue(found > 0, "the layout has nothing under " + prefix);
        return w;
    }

    @Test
    void encoderModulesReadTheirLayout() {
        MapWeights w = layoutUnder("patch_embed");
        new PatchEmbed(w.at("patch_embed"), C.patchSize(), C.encEmbedDim());
        w.assertAllRead();
        w = layoutUnder("enc_blocks.1");
        new Block(w.at("enc_blocks.1"), C.encEmbedDim(), C.encNumHeads(), C.encMlpDim(), C.ropeFreq());
        w.assertAllRead();
        w = layoutUnder("enc_norm");
        new LayerNorm(w.at("enc_norm"), C.encEmbedDim());
        w.assertAllRead();
    }

    @Test
    void decoderModulesReadTheirLayout() {
        MapWeights w = layoutUnder("decoder_embed");
        new Linear(w.at("decoder_embed"), C.encEmbedDim(), C.decEmbedDim());
        w.assertAllRead();
        for (String blk : new String[] {"dec_blocks.0", "dec_blocks2.1"}) {
            w = layoutUnder(blk);
            new DecoderBlock(w.at(blk), C.decEmbedDim(), C.decNumHeads(), C.decMlpDim(), C.ropeFreq(), C.normIm2InDec());
            w.assertAllRead();
        }
    }

    @Test
    void checkpointWeightsScopeNamesAndCheckShapes() {
        try (Checkpoint ck = Checkpoint.synthetic(C, new SynthSpec(0, 1.0, Map.of()), 1)) {
            CheckpointWeights w = new CheckpointWeights(ck, BE);
            new DecoderBlock(w.at("dec_blocks2").at("1"), C.decEmbedDim(), C.decNumHeads(), C.decMlpDim(), C.ropeFreq(), true);
            // the encoder's width where the decoder's belongs: the checkpoint's shape check refuses it
            assertThrows(BadInputException.class, () -> new Linear(w.at("decoder_embed"), C.decEmbedDim(), C.encEmbedDim()));
            assertThrows(BadInputException.class, () -> new LayerNorm(w.at("dec_blocks.0.norm4"), C.decEmbedDim()));
        }
    }
}
