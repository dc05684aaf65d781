package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/**
 * Self-attention with 2D RoPE on q and k (CroCo's {@code Attention}). qkv is one Linear C -> 3C whose
 * output columns split as [q | k | v], each as heads x headDim.
 */
// ref: naver/croco d7de070 models/blocks.py Attention.forward
public final class Attention {
    private final Backend backend;
    private final Linear qkv;
    private final Linear proj;
    private final int heads;
    private final int headDim;
    private final double ropeBase;

    public Attention(Weights w, int dim, int heads, double ropeBase) {
        this.backend = w.backend();
        this.qkv = new Linear(w.at("qkv"), dim, 3 * dim);
        this.proj = new Linear(w.at("proj"), dim, dim);
        this.heads = heads;
        this.headDim = dim / heads;
        this.ropeBase = ropeBase;
    }

    /** residual += proj(attn(x)); x: [batch * N, C] normed input, pos: the N tokens' grid positions. */
    public void forwardAdd(Tensor x, Positions pos, int batch, Tensor residual) {
        int dim = heads * headDim;
        try (Scope _ = backend.scope()) {
            Tensor t = qkv.forward(x);                                   // [B*N, 3C] = [q | k | v]
            backend.rope2dInPlace(t, 0, heads, headDim, pos, ropeBase);    // q
            backend.rope2dInPlace(t, dim, heads, headDim, pos, ropeBase);  // k
            Tensor o = backend.attention(t, 0, t, dim, t, 2 * dim, batch, heads, headDim, scale(headDim));
            proj.forwardAdd(o, residual);                                 // [B*N, C]
        }
    }

    static float scale(int headDim) {
        return (float) (1.0 / Math.sqrt(headDim));
    }
}
