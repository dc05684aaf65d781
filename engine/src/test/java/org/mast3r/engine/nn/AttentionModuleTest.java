package org.mast3r.engine.nn;

import static org.mast3r.engine.Close.assertClose;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.mast3r.engine.CpuBackend;
import org.mast3r.engine.Inputs;
import org.mast3r.engine.MapWeights;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Reference;
import org.mast3r.engine.Tensor;

/** Attention (batched, fused qkv) and CrossAttention (nq != nk, two grids) with 2D RoPE base 100. */
class AttentionModuleTest {
    @AutoClose
    static final CpuBackend BE = new CpuBackend(2);

    static final int C = 24;
    static final int HEADS = 3;                                        // head dim 8: RoPE quarters of 2

    @Test
    void selfAttentionOnTwoBatchedViewsOfA3x5Grid() {
        int batch = 2;
        Positions pos = Positions.grid(3, 5);
        int n = pos.tokens();
        MapWeights w = new MapWeights(BE, 1).linear("attn.qkv", C, 3 * C).linear("attn.proj", C, C);
        Attention attn = new Attention(w.at("attn"), C, HEADS, 100);
        w.assertAllRead();
        float[] x = Inputs.uniform(2, batch * n * C, 2);
        float[] res = Inputs.uniform(3, batch * n * C, 1);
        Tensor residual = BE.upload(res, batch * n, C);
        attn.forwardAdd(BE.upload(x, batch * n, C), pos, batch, residual);
        double[] ref = Reference.add(Reference.widen(res),
                ReferenceModules.selfAttention(w.at("attn"), Reference.widen(x), batch, n, C, HEADS, pos));
        // three float32 GEMMs of width 24 around a softmax over 15 keys: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("Attention", BE, residual, new int[] {batch * n, C}, ref, 2e-6);
    }

    @Test
    void crossAttentionUsesEachSidesPositions() {
        Positions xpos = Positions.grid(3, 5), ypos = Positions.grid(4, 2);
        int nq = xpos.tokens(), nk = ypos.tokens();
        MapWeights w = new MapWeights(BE, 4).linear("cross_attn.projq", C, C).linear("cross_attn.projk", C, C)
                .linear("cross_attn.projv", C, C).linear("cross_attn.proj", C, C);
        CrossAttention attn = new CrossAttention(w.at("cross_attn"), C, HEADS, 100);
        w.assertAllRead();
        float[] x = Inputs.uniform(5, nq * C, 2), y = Inputs.uniform(6, nk * C, 2);
        float[] res = Inputs.uniform(7, nq * C, 1);
        Tensor residual = BE.upload(res, nq, C);
        attn.forwardAdd(BE.upload(x, nq, C), BE.upload(y, nk, C), xpos, ypos, residual);
        double[] ref = Reference.add(Reference.widen(res), ReferenceModules.crossAttention(
                w.at("cross_attn"), Reference.widen(x), nq, Reference.widen(y), nk, C, HEADS, xpos, ypos));
        // four float32 GEMMs of width 24 around a softmax over 8 keys: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("CrossAttention", BE, residual, new int[] {nq, C}, ref, 2e-6);
    }
}
