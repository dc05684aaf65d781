package org.mast3r.engine;

import java.lang.foreign.MemorySegment;
import org.mast3r.kernels.WeightType;

/**
 * The ops the nn modules need, named for the math (style.md §4). A model receives a backend in its
 * constructor and never asks which one it has; a backend that lacks an op throws
 * {@link UnsupportedOperationException} naming the op and itself.
 *
 * <p>Layouts: token tensors are [N, C] row-major (N = batch * tokens when views are batched); images
 * are [C, H, W] for one view. Weights keep PyTorch's layouts: Linear [out, in], Conv2d
 * [out, in, kh, kw], ConvTranspose2d [in, out, k, k].
 */
public interface Backend extends AutoCloseable {
    /** A short name for logs and reports ("cpu", "opencl:0"). */
    String name();

    /** Worker threads the backend computes with. */
    int threads();

    // ---- data movement ----

    /** Copies host floats into a new tensor. */
    Tensor upload(float[] data, int... shape);

    /** Copies a tensor back to the host. */
    float[] download(Tensor t);

    /** Makes a weight usable by this backend; {@code f32} is float32 in native order. */
    default Param param(String name, MemorySegment f32, long... shape) {
        return param(name, f32, WeightType.F32, shape);
    }

    /**
     * Makes a weight usable by this backend from its stored form: {@code data} holds {@code type} values
     * in native order. A backend may keep 16-bit weights as they are or widen them once.
     */
    Param param(String name, MemorySegment data, WeightType type, long... shape);

    // ---- token ops, x: [N, C] ----

    /** y[N, out] = x[N, in] w^T + b (b may be null). */
    Tensor linear(Tensor x, Param w, Param b);

    /** into[N, out] += x[N, in] w^T + b: the residual add fused into the projection. */
    void linearAccumulate(Tensor x, Param w, Param b, Tensor into);

    /** LayerNorm over the last axis with biased variance. */
    Tensor layerNorm(Tensor x, Param gamma, Param beta, float eps);

    /** Exact (erf) GELU, in place. */
    void geluInPlace(Tensor x);

    /** gelu(x W^T + b): an MLP's first layer with its activation. */
    Tensor linearGelu(Tensor x, Param w, Param b);

    /**
     * 2D RoPE in place on the columns [col, col + heads * headDim) of x [batch * tokens, C]: per head,
     * the first half rotated by the token's y, the second by its x; {@code pos} repeats for each batch.
     */
    void rope2dInPlace(Tensor x, int col, int heads, int headDim, Positions pos, double base);

    /**
     * Multi-head attention, softmax(q k^T * scale) v per head and per batch item: q is the columns
     * [qCol, qCol + heads*headDim) of q [batch*nq, .], k and v likewise of [batch*nk, .].
     * Returns [batch*nq, heads*headDim].
     */
    Tensor attention(Tensor q, int qCol, Tensor k, int kCol, Tensor v, int vCol,
                     int batch, int heads, int headDim, float scale);

    /** A new tensor with the same values. */
    Tensor copy(Tensor x);

    /** [N, Ca] and [N, Cb] side by side: [N, Ca + Cb]. */
    Tensor concatColumns(Tensor a, Tensor b);

    /** [Na, C] on top of [Nb, C]: [Na + Nb, C]. */
    Tensor concatRows(Tensor a, Tensor b);

    /** Rows [start, start + count) of x [N, C]: a copy. */
    Tensor rows(Tensor x, int start, int count);

    // ---- image ops, x: [C, H, W] ----

    /** Tokens [gh * gw, C] to an image [C, gh, gw]. */
    Tensor tokensToImage(Tensor x, int gh, int gw);

    /** An image [C, gh, gw] to tokens [gh * gw, C]. */
    Tensor imageToTokens(Tensor x);

    /** Tokens [gh * gw, C * p * p] to [C, gh * p, gw * p] (PyTorch's view + pixel_shuffle). */
    Tensor pixelShuffle(Tensor x, int gh, int gw, int p);

    /** Convolution with zero padding; bias may be null. */
    default Tensor conv2d(Tensor x, Param w, Param b, int stride, int pad) {
        return conv2d(x, false, w, b, stride, pad, null);
    }

    /**
     * residual + conv(reluInput ? max(x, 0) : x): the pre-activation convolutions of DPT's residual units in one
     * op; residual (the output's shape) may be null.
     */
    Tensor conv2d(Tensor x, boolean reluInput, Param w, Param b, int stride, int pad, Tensor residual);

    /** Transposed convolution with kernel == stride (no overlap). */
    Tensor convTranspose2d(Tensor x, Param w, Param b);

    /** Bilinear x2 upsampling with align_corners=True. */
    default Tensor upsample2x(Tensor x) {
        return upsample2xRows(x, 0, 2 * x.dim(1));
    }

    /** Rows [top, top + rows) of {@link #upsample2x}: [C, rows, 2W], without making the rest. */
    Tensor upsample2xRows(Tensor x, int top, int rows);

    /** a + b into a new tensor (same shape). */
    Tensor add(Tensor a, Tensor b);

    /** The [C, h, w] window of x [C, H, W] at rows [top, top + h), columns [0, w). */
    Tensor crop(Tensor x, int top, int h, int w);

    /** Bands [C, h_i, W] on top of each other: [C, sum h_i, W]. */
    Tensor stackRows(java.util.List<Tensor> bands);

    /**
     * Opens a scope on the calling thread: the tensors ops make until it closes are its own, and go back to
     * the backend when it does, except those handed on with {@link Scope#keep}.
     */
    Scope scope();

    @Override
    void close();
}
