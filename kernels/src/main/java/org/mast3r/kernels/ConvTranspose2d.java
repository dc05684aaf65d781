package org.mast3r.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Transposed 2D convolution with kernel == stride (no overlap, no padding), one NCHW image:
 * in [cin, h, w], weight [cin, cout, k, k] (PyTorch's ConvTranspose2d layout), bias [cout] or null,
 * out [cout, h*k, w*k] with out[co, y*k+i, x*k+j] = bias[co] + sum_ci in[ci, y, x] * weight[ci, co, i, j].
 *
 * <p>Fast path: each input pixel paints its own k x k patch, so this is one GEMM
 * T [cout*k*k, h*w] = W^T [cout*k*k, cin] · in [cin, h*w] and a scatter of T's rows into the patches.
 */
public final class ConvTranspose2d {
    private ConvTranspose2d() {}

    /** Float32 weight. */
    public static void forward(Parallel p, float[] in, int inOff, int cin, int h, int w, MemorySegment weight, long wOff,
                               MemorySegment bias, int cout, int k, float[] out, int outOff) {
        forward(p, in, inOff, cin, h, w, weight, WeightType.F32, wOff, bias, cout, k, out, outOff);
    }

    /** Weight stored as {@code wType}, widened in the weight copy; bias is float32. */
    public static void forward(Parallel p, float[] in, int inOff, int cin, int h, int w, MemorySegment weight, WeightType wType,
                               long wOff, MemorySegment bias, int cout, int k, float[] out, int outOff) {
        int rows = cout * k * k, px = h * w;
        if (!Simd.ENABLED || rows == 0 || px == 0 || cin == 0) {
            forwardScalar(p, in, inOff, cin, h, w, weight, wType, wOff, bias, cout, k, out, outOff);
            return;
        }
        float[] wt = new float[rows * cin];
        float[] wRow = new float[rows];
        for (int ci = 0; ci < cin; ci++) {
            wType.read(weight, wOff + (long) ci * rows, wRow, 0, rows);
            for (int r = 0; r < rows; r++) wt[r * cin + ci] = wRow[r];
        }
        float[] t = Scratch.floats(Scratch.CONV_OUT, rows * px);
        Gemm.matmul(p, wt, 0, rows, cin, in, inOff, px, t, 0);
        int ow = w * k;
        p.forRange(cout, 1, (s, e) -> {
            for (int co = s; co < e; co++) {
                float b = bias == null ? 0f : bias.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, co);
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        int src = ((co * k + i) * k + j) * px;
                        for (int y = 0; y < h; y++) {
                            int dst = outOff + (co * h * k + y * k + i) * ow + j;
                            for (int x = 0; x < w; x++) out[dst + x * k] = t[src + y * w + x] + b;
                        }
                    }
                }
            }
        });
    }

    /** Scalar twin: the defining sum per output element, in double; float32 weight. */
    public static void forwardScalar(Parallel p, float[] in, int inOff, int cin, int h, int w, MemorySegment weight, long wOff,
                                     MemorySegment bias, int cout, int k, float[] out, int outOff) {
        forwardScalar(p, in, inOff, cin, h, w, weight, WeightType.F32, wOff, bias, cout, k, out, outOff);
    }

    /** Scalar twin with the weight stored as {@code wType}. */
    public static void forwardScalar(Parallel p, float[] in, int inOff, int cin, int h, int w, MemorySegment weight, WeightType wType,
                                     long wOff, MemorySegment bias, int cout, int k, float[] out, int outOff) {
        int oh = h * k, ow = w * k;
        for (int co = 0; co < cout; co++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int y = oy / k, i = oy % k, x = ox / k, j = ox % k;
                    double s = bias == null ? 0 : bias.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, co);
                    for (int ci = 0; ci < cin; ci++) {
                        long wi = wOff + (((long) ci * cout + co) * k + i) * k + j;
                        s += (double) in[inOff + (ci * h + y) * w + x] * wType.get(weight, wi);
                    }
                    out[outOff + (co * oh + oy) * ow + ox] = (float) s;
                }
            }
        }
    }
}
