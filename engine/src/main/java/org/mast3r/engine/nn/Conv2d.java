package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Param;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/** 2D convolution, weight [out, in, k, k], zero padding, optional bias. */
public final class Conv2d {
    private final Backend backend;
    private final Param weight;
    private final Param bias;
    private final int stride;
    private final int pad;

    public Conv2d(Weights w, int in, int out, int kernel, int stride, int pad, boolean hasBias) {
        this.backend = w.backend();
        this.weight = w.get("weight", out, in, kernel, kernel);
        this.bias = hasBias ? w.get("bias", out) : null;
        this.stride = stride;
        this.pad = pad;
    }

    /** [in, H, W] -> [out, H', W'] */
    public Tensor forward(Tensor x) {
        return backend.conv2d(x, weight, bias, stride, pad);
    }

    /** residual + conv(max(x, 0)), [in, H, W] -> [out, H', W']; residual may be null. */
    public Tensor forwardReluInput(Tensor x, Tensor residual) {
        return backend.conv2d(x, true, weight, bias, stride, pad, residual);
    }
}
