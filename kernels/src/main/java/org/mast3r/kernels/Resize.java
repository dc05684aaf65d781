package org.mast3r.kernels;

/**
 * Bilinear resampling of channel-major maps [c, h, w].
 *
 * <p>ref: aten/src/ATen/native/cpu/UpSampleKernel.cpp (HelperInterpLinear, Interpolate::eval) and
 * UpSample.h (area_pixel_compute_scale, guard_index_and_lambda) at PyTorch 2.x. With align_corners the
 * scale is float (in-1)/(out-1), the source coordinate float scale*dst, index0 = min(floor(src), in-1),
 * lambda1 = clamp(src - index0, 0, 1), index1 = index0 + (index0 < in-1), lambda0 = 1 - lambda1, and the
 * value is (v00*lw0 + v01*lw1)*lh0 + (v10*lw0 + v11*lw1)*lh1, every step in float as torch does for float32.
 */
public final class Resize {
    private Resize() {}

    /** in [c, h, w] -> out [c, 2h, 2w], align_corners=True. */
    public static void bilinear2xAlignCorners(float[] in, int off, int c, int h, int w, float[] out, int outOff) {
        if (!Simd.ENABLED) {
            bilinear2xAlignCornersScalar(in, off, c, h, w, out, outOff);
            return;
        }
        int oh = 2 * h, ow = 2 * w;
        // the taps depend only on the output row / column: compute them once
        int[] y0 = new int[oh], y1 = new int[oh], x0 = new int[ow], x1 = new int[ow];
        float[] ly = new float[oh], lx = new float[ow];
        for (int i = 0; i < oh; i++) ly[i] = tap(h, oh, i, y0, y1, i);
        for (int i = 0; i < ow; i++) lx[i] = tap(w, ow, i, x0, x1, i);
        for (int ch = 0; ch < c; ch++) {
            int src = off + ch * h * w, dst = outOff + ch * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int r0 = src + y0[oy] * w, r1 = src + y1[oy] * w;
                float h1 = ly[oy], h0 = 1f - h1;
                for (int ox = 0; ox < ow; ox++) {
                    float w1 = lx[ox], w0 = 1f - w1;
                    float t0 = in[r0 + x0[ox]] * w0 + in[r0 + x1[ox]] * w1;
                    float t1 = in[r1 + x0[ox]] * w0 + in[r1 + x1[ox]] * w1;
                    out[dst + oy * ow + ox] = t0 * h0 + t1 * h1;
                }
            }
        }
    }

    /** Scalar twin: the taps recomputed for every output element. */
    public static void bilinear2xAlignCornersScalar(float[] in, int off, int c, int h, int w, float[] out, int outOff) {
        int oh = 2 * h, ow = 2 * w;
        int[] i0 = new int[1], i1 = new int[1], j0 = new int[1], j1 = new int[1];
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float h1 = tap(h, oh, oy, i0, i1, 0), h0 = 1f - h1;
                    float w1 = tap(w, ow, ox, j0, j1, 0), w0 = 1f - w1;
                    int base = off + ch * h * w;
                    float t0 = in[base + i0[0] * w + j0[0]] * w0 + in[base + i0[0] * w + j1[0]] * w1;
                    float t1 = in[base + i1[0] * w + j0[0]] * w0 + in[base + i1[0] * w + j1[0]] * w1;
                    out[outOff + (ch * oh + oy) * ow + ox] = t0 * h0 + t1 * h1;
                }
            }
        }
    }

    /** Source taps of output index o (align_corners): stores index0/index1 at slot, returns lambda1. */
    static float tap(int in, int outSize, int o, int[] index0, int[] index1, int slot) {
        float scale = outSize > 1 ? (float) (in - 1) / (float) (outSize - 1) : 0f;
        float real = scale * o;
        int i0 = Math.min((int) Math.floor(real), in - 1);
        index0[slot] = i0;
        index1[slot] = i0 + (i0 < in - 1 ? 1 : 0);
        return Math.min(Math.max(real - i0, 0f), 1f);
    }
}
