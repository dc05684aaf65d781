package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Param;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/** Transposed convolution with kernel == stride (DPT's 4x4/s4 and 2x2/s2); weight [in, out, k, k]. */
public final class ConvTranspose2d {
    private final Backend backend;
    private final Param weight;
    private final Param bias;

    public ConvTranspose2d(Weights w, int in, int out, int kernel) {
        this.backend = w.backend();
        this.weight = w.get("weight", in, out, kernel, kernel);
        this.bias = w.get("bias", out);
    }

    /** [in, H, W] -> [out, H*k, W*k] */
    public Tensor forward(Tensor x) {
        return backend.convTranspose2d(x, weight, bias);
    }
}
