package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/**
 * Attention of one view's tokens to the other's: separate projq/projk/projv, RoPE with the query
 * tokens' positions on q and the other view's positions on k.
 */
// ref: naver/croco d7de070 models/blocks.py CrossAttention.forward
public final class CrossAttention {
    private final Backend backend;
    private final Linear projq;
    private final Linear projk;
    private final Linear projv;
    private final Linear proj;
    private final int heads;
    private final int headDim;
    private final double ropeBase;

    public CrossAttention(Weights w, int dim, int heads, double ropeBase) {
        this.backend = w.backend();
        this.projq = new Linear(w.at("projq"), dim, dim);
        this.projk = new Linear(w.at("projk"), dim, dim);
        this.projv = new Linear(w.at("projv"), dim, dim);
        this.proj = new Linear(w.at("proj"), dim, dim);
        this.heads = heads;
        this.headDim = dim / heads;
        this.ropeBase = ropeBase;
    }

    /** residual += proj(attn(q = x, k = v = y)); x: [Nq, C], y: [Nk, C]. */
    public void forwardAdd(Tensor x, Tensor y, Positions xpos, Positions ypos, Tensor residual) {
        try (Scope _ = backend.scope()) {
            Tensor q = projq.forward(x);                                  // [Nq, C]
            Tensor k = projk.forward(y);                                  // [Nk, C]
            Tensor v = projv.forward(y);                                  // [Nk, C]
            backend.rope2dInPlace(q, 0, heads, headDim, xpos, ropeBase);
            backend.rope2dInPlace(k, 0, heads, headDim, ypos, ropeBase);
            Tensor o = backend.attention(q, 0, k, 0, v, 0, 1, heads, headDim, Attention.scale(headDim));
            proj.forwardAdd(o, residual);                                 // [Nq, C]
        }
    }
}
