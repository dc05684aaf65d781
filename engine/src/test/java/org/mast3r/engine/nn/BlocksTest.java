package org.mast3r.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mast3r.engine.Close.assertClose;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.mast3r.engine.CpuBackend;
import org.mast3r.engine.Inputs;
import org.mast3r.engine.MapWeights;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Reference;
import org.mast3r.engine.Tensor;

/** The encoder Block and the DecoderBlock: the checkpoint's names under a block prefix, and forward. */
class BlocksTest {
    @AutoClose
    static final CpuBackend BE = new CpuBackend(2);

    static final int C = 24;
    static final int HEADS = 3;
    static final int HIDDEN = 70;

    /** croco Block: norm1, attn.qkv [3C, C], attn.proj, norm2, mlp.fc1 [hidden, C], mlp.fc2 [C, hidden]. */
    private static void declareBlock(MapWeights w) {
        w.layerNorm("norm1", C).linear("attn.qkv", C, 3 * C).linear("attn.proj", C, C)
                .layerNorm("norm2", C).linear("mlp.fc1", C, HIDDEN).linear("mlp.fc2", HIDDEN, C);
    }

    @Test
    void encoderBlockOnTwoBatchedViews() {
        int batch = 2;
        Positions pos = Positions.grid(3, 5);
        int n = pos.tokens();
        MapWeights w = new MapWeights(BE, 1);
        declareBlock(w.at("enc_blocks.1"));
        Block block = new Block(w.at("enc_blocks.1"), C, HEADS, HIDDEN, 100);
        w.assertAllRead();
        float[] x = Inputs.uniform(2, batch * n * C, 2);
        Tensor t = BE.upload(x, batch * n, C);
        block.forward(t, pos, batch);
        double[] ref = ReferenceModules.block(w.at("enc_blocks.1"), Reference.widen(x), batch, n, C, HEADS, HIDDEN, pos);
        // two residual branches of float32 GEMMs, norms and a softmax: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("Block", BE, t, new int[] {batch * n, C}, ref, 2e-6);
    }

    private static void decoderBlock(boolean normY) {
        Positions xpos = Positions.grid(3, 5), ypos = Positions.grid(2, 4);
        int n = xpos.tokens(), m = ypos.tokens();
        MapWeights w = new MapWeights(BE, normY ? 3 : 4);
        MapWeights blk = w.at("dec_blocks2.0");
        declareBlock(blk);
        blk.linear("cross_attn.projq", C, C).linear("cross_attn.projk", C, C).linear("cross_attn.projv", C, C)
                .linear("cross_attn.proj", C, C).layerNorm("norm3", C);
        if (normY) blk.layerNorm("norm_y", C);
        DecoderBlock block = new DecoderBlock(blk, C, HEADS, HIDDEN, 100, normY);
        w.assertAllRead();
        float[] x = Inputs.uniform(5, n * C, 2), y = Inputs.uniform(6, m * C, 2);
        Tensor xt = BE.upload(x, n, C), yt = BE.upload(y, m, C);
        Tensor out = block.forward(xt, yt, xpos, ypos);
        double[] ref = ReferenceModules.decoderBlock(blk, Reference.widen(x), n, Reference.widen(y), m, C, HEADS, HIDDEN,
                xpos, ypos, normY);
        // three residual branches of float32 GEMMs, norms and softmaxes: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("DecoderBlock normY=" + normY, BE, out, new int[] {n, C}, ref, 2e-6);
        // the other view reads x and y again at this step: both must be left as they were
        assertArrayEquals(x, BE.download(xt), "x untouched");
        assertArrayEquals(y, BE.download(yt), "y untouched");
    }

    @Test
    void decoderBlockWithNormY() {
        decoderBlock(true);
    }

    @Test
    void decoderBlockWithoutNormY() {
        decoderBlock(false);
    }
}
