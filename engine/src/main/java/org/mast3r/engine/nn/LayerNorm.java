package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Param;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/** LayerNorm over the channel axis; eps 1e-6 everywhere in CroCo/DUSt3R/MASt3R. */
public final class LayerNorm {
    public static final float EPS = 1e-6f;

    private final Backend backend;
    private final Param weight;
    private final Param bias;

    public LayerNorm(Weights w, int dim) {
        this.backend = w.backend();
        this.weight = w.get("weight", dim);
        this.bias = w.get("bias", dim);
    }

    /** [N, C] -> [N, C] */
    public Tensor forward(Tensor x) {
        return backend.layerNorm(x, weight, bias, EPS);
    }
}
