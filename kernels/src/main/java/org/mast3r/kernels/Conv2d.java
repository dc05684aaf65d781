package org.mast3r.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2D convolution, one NCHW image: in [cin, h, w], weight [cout, cin, kh, kw], bias [cout] or null,
 * out [cout, ho, wo] with ho = (h + 2 pad - kh) / stride + 1 (likewise wo), zero padding.
 *
 * <p>Fast path: implicit im2col. The output [cout, P = ho*wo] is one product W [cout, K] · cols [K, P] with
 * K = cin*kh*kw and cols[(ci*kh+ky)*kw+kx, oy*wo+ox] = in[ci, oy*s+ky-pad, ox*s+kx-pad] (0 in the padding).
 * cols is never built: {@link Gemm#drive} asks for one B block (KC taps x NB pixels) at a time and
 * {@link #packPatches} copies it from the image into the panel layout. Against an explicit im2col band
 * this saves writing and re-reading a K x P buffer (16 MiB per band at 256 channels) and the band's
 * temporary output: the product lands in out directly, on top of the bias that seeds each tile.
 */
public final class Conv2d {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    private static final int NR = Gemm.NR;

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
        forward(p, in, inOff, cin, h, w, false, weight, wType, wOff, bias, cout, kh, kw, stride, pad, out, outOff, false);
    }

    /**
     * The fused form: out (+)= conv(reluInput ? max(in, 0) : in) + bias, += when {@code accumulate} (a residual
     * already in out). The ReLU is applied to the patches as they are packed and the bias seeds each output
     * tile, so neither costs a pass over a whole image; the DPT head's residual units need both.
     */
    public static void forward(Parallel p, float[] in, int inOff, int cin, int h, int w, boolean reluInput,
                               MemorySegment weight, WeightType wType, long wOff, MemorySegment bias, int cout, int kh, int kw,
                               int stride, int pad, float[] out, int outOff, boolean accumulate) {
        int ho = outSize(h, kh, stride, pad), wo = outSize(w, kw, stride, pad);
        if (!Simd.ENABLED || ho <= 0 || wo <= 0 || cout == 0 || cin == 0) {
            composedScalar(p, in, inOff, cin, h, w, reluInput, weight, wType, wOff, bias, cout, kh, kw, stride, pad, out, outOff, accumulate);
            return;
        }
        int k = cin * kh * kw, px = ho * wo;
        float[] wts = new float[cout * k];
        wType.read(weight, wOff, wts, 0, wts.length);
        Taps taps = new Taps(in, inOff, cin, h, w, kh, kw, stride, pad, wo, reluInput);
        Gemm.drive(p, wts, 0, cout, k, px, out, outOff, accumulate, Gemm.floats(bias, cout), true, taps::packPatches, null);
    }

    /** The fused form without SIMD: the scalar twin on a ReLU'd copy, added to out when accumulating. */
    private static void composedScalar(Parallel p, float[] in, int inOff, int cin, int h, int w, boolean reluInput,
                                       MemorySegment weight, WeightType wType, long wOff, MemorySegment bias, int cout, int kh,
                                       int kw, int stride, int pad, float[] out, int outOff, boolean accumulate) {
        float[] src = in;
        int srcOff = inOff;
        if (reluInput) {
            src = java.util.Arrays.copyOfRange(in, inOff, inOff + cin * h * w);
            srcOff = 0;
            Activations.reluInPlaceScalar(src, 0, src.length);
        }
        int size = cout * Math.max(0, outSize(h, kh, stride, pad)) * Math.max(0, outSize(w, kw, stride, pad));
        float[] y = accumulate ? new float[size] : out;
        int yOff = accumulate ? 0 : outOff;
        forwardScalar(p, src, srcOff, cin, h, w, weight, wType, wOff, bias, cout, kh, kw, stride, pad, y, yOff);
        if (accumulate) {
            for (int i = 0; i < size; i++) out[outOff + i] += y[i];
        }
    }

    /**
     * One image's taps, with per-tap tables so packing does no divisions: for tap r = (ci*kh+ky)*kw+kx,
     * plane[r] = in offset of channel ci shifted by kx - pad, dy[r] = ky - pad, and [oxLo[r], oxHi[r]) the
     * output columns whose input column ox*stride + kx - pad lies inside [0, w).
     */
    private record Taps(float[] in, int inOff, int h, int w, int stride, int wo, boolean relu,
                        int[] plane, int[] dy, int[] oxLo, int[] oxHi) {
        Taps(float[] in, int inOff, int cin, int h, int w, int kh, int kw, int stride, int pad, int wo, boolean relu) {
            this(in, inOff, h, w, stride, wo, relu, new int[cin * kh * kw], new int[cin * kh * kw], new int[cin * kh * kw],
                    new int[cin * kh * kw]);
            for (int r = 0; r < plane.length; r++) {
                int kx = r % kw, ky = (r / kw) % kh, ci = r / (kw * kh);
                plane[r] = inOff + ci * h * w + kx - pad;
                dy[r] = ky - pad;
                oxLo[r] = Math.min(wo, Math.max(0, -Math.floorDiv(kx - pad, stride)));
                oxHi[r] = Math.max(oxLo[r], Math.min(wo, Math.floorDiv(w - 1 + pad - kx, stride) + 1));
            }
        }

        /** {@link Gemm.PackB} for cols: taps [k0, k0+kc) x pixels [j0, j0+nc), cut into runs along output rows. */
        void packPatches(float[] dst, int k0, int kc, int j0, int nc) {
            int panels = (nc + NR - 1) / NR, tail = nc - (panels - 1) * NR;
            if (tail < NR) {
                int base = (panels - 1) * NR * kc;
                for (int q = 0; q < kc; q++) java.util.Arrays.fill(dst, base + q * NR + tail, base + (q + 1) * NR, 0f);
            }
            // tap-major: one tap's input row is read for all the block's pixels at once (a few consecutive lines),
            // rather than two lines per panel and tap in panel-major order
            int oyFirst = j0 / wo, oxFirst = j0 % wo;
            for (int q = 0; q < kc; q++) {
                // runs of pixels that stay within one panel and one output row, walked without divisions
                for (int t = 0, oy = oyFirst, ox = oxFirst; t < nc; ) {
                    int col = t % NR, len = Math.min(Math.min(NR - col, wo - ox), nc - t);
                    packRun(dst, (t - col) * kc + q * NR + col, k0 + q, oy, ox, len);
                    t += len;
                    ox += len;
                    if (ox == wo) {
                        ox = 0;
                        oy++;
                    }
                }
            }
        }

        /** Tap r for output row oy, columns [ox0, ox0+len) -> dst[d, d+len). */
        private void packRun(float[] dst, int d, int r, int oy, int ox0, int len) {
            int iy = oy * stride + dy[r];
            if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(dst, d, d + len, 0f);
                return;
            }
            int lo = Math.min(ox0 + len, Math.max(ox0, oxLo[r])), hi = Math.max(lo, Math.min(ox0 + len, oxHi[r]));
            int src = plane[r] + iy * w;
            if (stride == 1 && len == NR && lo == ox0 && hi == ox0 + NR) {
                wholePanelRow(dst, d, src + lo);
                return;
            }
            java.util.Arrays.fill(dst, d, d + lo - ox0, 0f);
            java.util.Arrays.fill(dst, d + hi - ox0, d + len, 0f);
            if (stride == 1) {
                System.arraycopy(in, src + lo, dst, d + lo - ox0, hi - lo);
            } else {
                for (int ox = lo; ox < hi; ox++) dst[d + ox - ox0] = in[src + ox * stride];
            }
            if (relu) Activations.reluInPlace(dst, d + lo - ox0, hi - lo);
        }

        /**
         * The common run: NR pixels of one input row, all inside the image (every run but the image's edges
         * once the width is a multiple of NR), moved as two vectors instead of a copy call, ReLU included.
         */
        private void wholePanelRow(float[] dst, int d, int src) {
            FloatVector v0 = FloatVector.fromArray(F, in, src), v1 = FloatVector.fromArray(F, in, src + L);
            if (relu) {
                v0 = v0.max(0f);
                v1 = v1.max(0f);
            }
            v0.intoArray(dst, d);
            v1.intoArray(dst, d + L);
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
