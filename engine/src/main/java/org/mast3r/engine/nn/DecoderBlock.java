package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/**
 * CroCo decoder block: self-attention, cross-attention to the other view (normed by norm_y), MLP,
 * each pre-normed with a residual.
 */
// ref: naver/croco d7de070 models/blocks.py DecoderBlock.forward
public final class DecoderBlock {
    private final Backend backend;
    private final LayerNorm norm1;
    private final Attention attn;
    private final LayerNorm normY;
    private final LayerNorm norm2;
    private final CrossAttention crossAttn;
    private final LayerNorm norm3;
    private final Mlp mlp;

    /** normMem: CroCo's norm_im2_in_dec; without it the other view enters cross-attention un-normed. */
    public DecoderBlock(Weights w, int dim, int heads, int mlpHidden, double ropeBase, boolean normMem) {
        this.backend = w.backend();
        this.norm1 = new LayerNorm(w.at("norm1"), dim);
        this.attn = new Attention(w.at("attn"), dim, heads, ropeBase);
        this.normY = normMem ? new LayerNorm(w.at("norm_y"), dim) : null;
        this.norm2 = new LayerNorm(w.at("norm2"), dim);
        this.crossAttn = new CrossAttention(w.at("cross_attn"), dim, heads, ropeBase);
        this.norm3 = new LayerNorm(w.at("norm3"), dim);
        this.mlp = new Mlp(w.at("mlp"), dim, mlpHidden, dim);
    }

    /** x: [N, C] this view, y: [M, C] the other view (previous step); returns the new x, made in the caller's scope. */
    public Tensor forward(Tensor x, Tensor y, Positions xpos, Positions ypos) {
        Tensor out = backend.copy(x);                                 // x is still read by the other view
        try (Scope _ = backend.scope()) {
            attn.forwardAdd(norm1.forward(out), xpos, 1, out);
        }
        try (Scope _ = backend.scope()) {
            Tensor yNormed = normY == null ? y : normY.forward(y);    // [M, C]
            crossAttn.forwardAdd(norm2.forward(out), yNormed, xpos, ypos, out);
        }
        try (Scope _ = backend.scope()) {
            mlp.forwardAdd(norm3.forward(out), out);
        }
        return out;                                                   // [N, C]
    }
}
