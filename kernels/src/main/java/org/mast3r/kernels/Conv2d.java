package org.mast3r.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * 2D convolution, one NCHW image: in [cin, h, w], weight [cout, cin, kh, kw], bias [cout] or null,
 * out [cout, ho, wo] with ho = (h + 2 pad - kh) / stride + 1 (likewise wo), zero padding.
 *
 * <p>Fast path: im2col + {@link Gemm#matmul}, in bands of output rows so the column buffer stays a few MiB
 * (a 3x3 conv at 256 channels on 192 x 256 would need 450 MB at once). For a band of P output pixels,
 * cols [K = cin*kh*kw, P] holds in[ci, oy*s+ky-pad, ox*s+kx-pad] at row (ci*kh+ky)*kw+kx; with stride 1
 * each row of a band is a shifted copy of input rows, so it is filled with array copies. Then
 * tmp [cout, P] = W [cout, K] · cols, and tmp rows (+ bias) land in out's band.
 */
public final class Conv2d {
    /** Floats in one band's column buffer (16 MiB). */
    private static final int BAND_FLOATS = 1 << 22;

    private Conv2d() {}

    public static int outSize(int size, int k, int stride, int pad) {
        return (size + 2 * pad - k) / stride + 1;
    }

    /** Float32 weight. */
    public static void forward(Parallel p, float[] in, int inOff, int cin, int h, int w, MemorySegment weight, long wOff,
                               MemorySegment bias, int cout, int kh, int kw, int stride, int pad, float[] out, int outOff) {
        forward(p, in, inOff, cin, h, w, weight, WeightType.F32, wOff, bias, cout, kh, kw, stride, pad, out, outOff);
    }

    /** Weight stored as {@code wType}, widened in the weight copy; bias is float32. */
    public static void forward(Parallel p, float[] in, int inOff, int cin, int h, int w, MemorySegment weight, WeightType wType,
                               long wOff, MemorySegment bias, int cout, int kh, int kw, int stride, int pad, float[] out, int outOff) {
        int ho = outSize(h, kh, stride, pad), wo = outSize(w, kw, stride, pad);
        if (!Simd.ENABLED || ho <= 0 || wo <= 0 || cout == 0 || cin == 0) {
            forwardScalar(p, in, inOff, cin, h, w, weight, wType, wOff, bias, cout, kh, kw, stride, pad, out, outOff);
            return;
        }
        int k = cin * kh * kw;
        float[] wts = new float[cout * k];
        wType.read(weight, wOff, wts, 0, wts.length);
        int bandRows = Math.max(1, Math.min(ho, BAND_FLOATS / (k * wo)));
        for (int oy0 = 0; oy0 < ho; oy0 += bandRows) {
            int rows = Math.min(bandRows, ho - oy0), px = rows * wo, band = oy0;
            float[] cols = Scratch.floats(Scratch.CONV_COLS, k * px);
            float[] tmp = Scratch.floats(Scratch.CONV_OUT, cout * px);
            p.forRange(k, 4, (s, e) -> {
                for (int r = s; r < e; r++) im2colRow(in, inOff, h, w, kh, kw, stride, pad, wo, band, rows, r, cols, r * px);
            });
            Gemm.matmul(p, wts, 0, cout, k, cols, 0, px, tmp, 0);
            p.forRange(cout, 4, (s, e) -> {
                for (int co = s; co < e; co++) {
                    int dst = outOff + co * ho * wo + band * wo;
                    System.arraycopy(tmp, co * px, out, dst, px);
                    if (bias != null) {
                        float b = bias.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, co);
                        for (int i = 0; i < px; i++) out[dst + i] += b;
                    }
                }
            });
        }
    }

    /** Row r = (ci*kh+ky)*kw+kx of cols for output rows [oy0, oy0+rows): zeros where the tap hits padding. */
    private static void im2colRow(float[] in, int inOff, int h, int w, int kh, int kw, int stride, int pad, int wo,
                                  int oy0, int rows, int r, float[] cols, int dst) {
        int kx = r % kw, ky = (r / kw) % kh, ci = r / (kw * kh);
        // output columns whose tap ix = ox*stride + kx - pad lies inside [0, w)
        int oxStart = Math.min(wo, Math.max(0, -Math.floorDiv(kx - pad, stride)));
        int oxEnd = Math.max(oxStart, Math.min(wo, Math.floorDiv(w - 1 + pad - kx, stride) + 1));
        for (int oy = oy0; oy < oy0 + rows; oy++, dst += wo) {
            int iy = oy * stride + ky - pad;
            if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(cols, dst, dst + wo, 0f);
                continue;
            }
            java.util.Arrays.fill(cols, dst, dst + oxStart, 0f);
            java.util.Arrays.fill(cols, dst + oxEnd, dst + wo, 0f);
            int src = inOff + (ci * h + iy) * w + kx - pad;
            if (stride == 1) {
                System.arraycopy(in, src + oxStart, cols, dst + oxStart, oxEnd - oxStart);
            } else {
                for (int ox = oxStart; ox < oxEnd; ox++) cols[dst + ox] = in[src + ox * stride];
            }
        }
    }

    /** Scalar twin: the defining sum per output element, in double; float32 weight. */
    public static void forwardScalar(Parallel p, float[] in, int inOff, int cin, int h, int w, MemorySegment weight, long wOff,
                                     MemorySegment bias, int cout, int kh, int kw, int stride, int pad, float[] out, int outOff) {
        forwardScalar(p, in, inOff, cin, h, w, weight, WeightType.F32, wOff, bias, cout, kh, kw, stride, pad, out, outOff);
    }

    /** Scalar twin with the weight stored as {@code wType}. */
    public static void forwardScalar(Parallel p, float[] in, int inOff, int cin, int h, int w, MemorySegment weight, WeightType wType,
                                     long wOff, MemorySegment bias, int cout, int kh, int kw, int stride, int pad, float[] out, int outOff) {
        int ho = outSize(h, kh, stride, pad), wo = outSize(w, kw, stride, pad);
        for (int co = 0; co < cout; co++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    double s = bias == null ? 0 : bias.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, co);
                    for (int ci = 0; ci < cin; ci++) {
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * stride + ky - pad;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * stride + kx - pad;
                                if (ix < 0 || ix >= w) continue;
                                long wi = wOff + ((long) (co * cin + ci) * kh + ky) * kw + kx;
                                s += (double) in[inOff + (ci * h + iy) * w + ix] * wType.get(weight, wi);
                            }
                        }
                    }
                    out[outOff + (co * ho + oy) * wo + ox] = (float) s;
                }
            }
        }
    }
}
