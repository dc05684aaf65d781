package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Param;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/** y = x W^T + b with W stored [out, in] as in PyTorch. */
public final class Linear {
    private final Backend backend;
    private final Param weight;
    private final Param bias;

    public Linear(Weights w, int in, int out) {
        this.backend = w.backend();
        this.weight = w.get("weight", out, in);
        this.bias = w.get("bias", out);
    }

    /** [N, in] -> [N, out] */
    public Tensor forward(Tensor x) {
        return backend.linear(x, weight, bias);
    }

    /** gelu(x W^T + b), [N, in] -> [N, out] */
    public Tensor forwardGelu(Tensor x) {
        return backend.linearGelu(x, weight, bias);
    }

    /** residual += x W^T + b, for the pre-norm blocks' skip connections. */
    public void forwardAdd(Tensor x, Tensor residual) {
        backend.linearAccumulate(x, weight, bias, residual);
    }
}
