package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/** Pre-norm ViT encoder block: x += attn(norm1(x)); x += mlp(norm2(x)). */
// ref: naver/croco d7de070 models/blocks.py Block.forward
public final class Block {
    private final Backend backend;
    private final LayerNorm norm1;
    private final Attention attn;
    private final LayerNorm norm2;
    private final Mlp mlp;

    public Block(Weights w, int dim, int heads, int mlpHidden, double ropeBase) {
        this.backend = w.backend();
        this.norm1 = new LayerNorm(w.at("norm1"), dim);
        this.attn = new Attention(w.at("attn"), dim, heads, ropeBase);
        this.norm2 = new LayerNorm(w.at("norm2"), dim);
        this.mlp = new Mlp(w.at("mlp"), dim, mlpHidden, dim);
    }

    /** x: [batch * N, C], updated in place. */
    public void forward(Tensor x, Positions pos, int batch) {
        try (Scope _ = backend.scope()) {
            attn.forwardAdd(norm1.forward(x), pos, batch, x);         // x += attn(norm1(x))
        }
        try (Scope _ = backend.scope()) {
            mlp.forwardAdd(norm2.forward(x), x);                      // x += mlp(norm2(x))
        }
    }
}
