package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

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
    private static final VectorSpecies<Float> F = Simd.F;

    private Resize() {}

    /**
     * in [c, h, w] -> out [c, 2h, 2w], align_corners=True.
     *
     * <p>Fast path, separable: per channel, every input row is first interpolated along x once
     * (rowsX [h, 2w], t = v0*w0 + v1*w1), then each output row is rowsX[y0]*h0 + rowsX[y1]*h1 in vectors.
     * These are the float steps of the twin in the same order (x first, then y, no fused multiply-add),
     * so the result is bit-identical, with a quarter of the x work (each input row feeds ~2 output rows
     * and was interpolated twice per row). Channels are split over the pool.
     */
    public static void bilinear2xAlignCorners(Parallel p, float[] in, int off, int c, int h, int w, float[] out, int outOff) {
        bilinear2xAlignCornersRows(p, in, off, c, h, w, 0, 2 * h, out, outOff);
    }

    /**
     * Output rows [top, top + rows) of {@link #bilinear2xAlignCorners} into out [c, rows, 2w]: a band of a
     * large upsampling, the same floats as the whole one. Only the input rows the band reads are
     * interpolated along x.
     */
    public static void bilinear2xAlignCornersRows(Parallel p, float[] in, int off, int c, int h, int w, int top, int rows,
                                                  float[] out, int outOff) {
        int oh = 2 * h, ow = 2 * w;
        if (top < 0 || rows < 0 || top + rows > oh) throw new IllegalArgumentException("rows [" + top + ", " + (top + rows) + ") of " + oh);
        if (!Simd.ENABLED) {
            bilinear2xAlignCornersRowsScalar(in, off, c, h, w, top, rows, out, outOff);
            return;
        }
        if (rows == 0) return;
        // the taps depend only on the output row / column: compute them once
        int[] y0 = new int[rows], y1 = new int[rows], x0 = new int[ow], x1 = new int[ow];
        float[] ly = new float[rows], lx = new float[ow];
        for (int i = 0; i < rows; i++) ly[i] = tap(h, oh, top + i, y0, y1, i);
        for (int i = 0; i < ow; i++) lx[i] = tap(w, ow, i, x0, x1, i);
        int firstRow = y0[0], lastRow = y1[rows - 1];       // input rows read, rows ascending
        p.forRange(c, 1, (s, e) -> {
            float[] rowsX = new float[(lastRow - firstRow + 1) * ow];
            for (int ch = s; ch < e; ch++) {
                int src = off + ch * h * w, dst = outOff + ch * rows * ow;
                for (int iy = firstRow; iy <= lastRow; iy++) {
                    int r = src + iy * w, t = (iy - firstRow) * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        float w1 = lx[ox], w0 = 1f - w1;
                        rowsX[t + ox] = in[r + x0[ox]] * w0 + in[r + x1[ox]] * w1;
                    }
                }
                for (int oy = 0; oy < rows; oy++) {
                    blendRows(rowsX, (y0[oy] - firstRow) * ow, (y1[oy] - firstRow) * ow, ly[oy], out, dst + oy * ow, ow);
                }
            }
        });
    }

    private static void blendRows(float[] a, int ia, int ib, float l1, float[] out, int o, int n) {
        float l0 = 1f - l1;
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector t0 = FloatVector.fromArray(F, a, ia + i), t1 = FloatVector.fromArray(F, a, ib + i);
            t0.mul(l0).add(t1.mul(l1)).intoArray(out, o + i);
        }
        for (; i < n; i++) out[o + i] = a[ia + i] * l0 + a[ib + i] * l1;
    }

    /** Scalar twin: the taps recomputed for every output element. */
    public static void bilinear2xAlignCornersScalar(float[] in, int off, int c, int h, int w, float[] out, int outOff) {
        bilinear2xAlignCornersRowsScalar(in, off, c, h, w, 0, 2 * h, out, outOff);
    }

    /** Scalar twin of {@link #bilinear2xAlignCornersRows}. */
    public static void bilinear2xAlignCornersRowsScalar(float[] in, int off, int c, int h, int w, int top, int rows,
                                                        float[] out, int outOff) {
        int oh = 2 * h, ow = 2 * w;
        int[] i0 = new int[1], i1 = new int[1], j0 = new int[1], j1 = new int[1];
        for (int ch = 0; ch < c; ch++) {
            for (int oy = top; oy < top + rows; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float h1 = tap(h, oh, oy, i0, i1, 0), h0 = 1f - h1;
                    float w1 = tap(w, ow, ox, j0, j1, 0), w0 = 1f - w1;
                    int base = off + ch * h * w;
                    float t0 = in[base + i0[0] * w + j0[0]] * w0 + in[base + i0[0] * w + j1[0]] * w1;
                    float t1 = in[base + i1[0] * w + j0[0]] * w0 + in[base + i1[0] * w + j1[0]] * w1;
                    out[outOff + (ch * rows + oy - top) * ow + ox] = t0 * h0 + t1 * h1;
                }
            }
        }
    }

    static float tap(int in, int outSize, int o, int[] index0, int[] index1, int slot) {
        float scale = outSize > 1 ? (float) (in - 1) / (float) (outSize - 1) : 0f;
        float real = scale * o;
        int i0 = Math.min((int) Math.floor(real), in - 1);
        index0[slot] = i0;
        index1[slot] = i0 + (i0 < in - 1 ? 1 : 0);
        return Math.min(Math.max(real - i0, 0f), 1f);
    }
}
