package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Multi-head scaled dot-product attention without materialising the nq x nk score matrix.
 *
 * <p>Layout: query i of head h is q[qOff + i*qStride + h*d, +d), key/value j likewise in k/v with their
 * strides, output out[outOff + i*outStride + h*d, +d); strides let q, k, v be column slices of one fused
 * qkv [N, 3E] buffer, and nq != nk serves cross attention. out_i = softmax_j(scale * q_i . k_j) v_j.
 *
 * <p>Fast path (flash-style): each head's keys are first packed transposed, kT [d][nk], and its values
 * contiguous, vh [nk][d], so scores for a block of KB keys are vector FMAs along j (no horizontal sums),
 * and the output update is vector FMAs along d. The softmax is online: a running max and sum per query,
 * and the output so far is rescaled by exp(oldMax - newMax) whenever a key block raises the max.
 * Tasks are (head, block of QB queries).
 */
public final class Attention {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    private static final int KB = 128;
    private static final int QB = 32;

    private Attention() {}

    public static void forward(Parallel p, float[] q, int qOff, int qStride, float[] k, int kOff, int kStride,
                               float[] v, int vOff, int vStride, float[] out, int outOff, int outStride,
                               int nq, int nk, int heads, int headDim, float scale) {
        if (!Simd.ENABLED || nk == 0) {
            forwardScalar(p, q, qOff, qStride, k, kOff, kStride, v, vOff, vStride, out, outOff, outStride,
                    nq, nk, heads, headDim, scale);
            return;
        }
        int d = headDim;
        float[] kT = Scratch.floats(Scratch.ATTN_K, heads * d * nk);
        float[] vh = Scratch.floats(Scratch.ATTN_V, heads * nk * d);
        p.forRange(heads, 1, (s, e) -> {
            for (int h = s; h < e; h++) {
                for (int j = 0; j < nk; j++) {
                    int src = kOff + j * kStride + h * d;
                    for (int c = 0; c < d; c++) kT[(h * d + c) * nk + j] = k[src + c];
                    System.arraycopy(v, vOff + j * vStride + h * d, vh, (h * nk + j) * d, d);
                }
            }
        });
        int qBlocks = (nq + QB - 1) / QB;
        p.forRange(heads * qBlocks, 1, (s, e) -> {
            float[] scores = new float[KB];
            float[] acc = new float[d];
            for (int task = s; task < e; task++) {
                int h = task / qBlocks, i0 = (task % qBlocks) * QB;
                for (int i = i0; i < Math.min(nq, i0 + QB); i++) {
                    query(q, qOff + i * qStride + h * d, kT, h * d * nk, vh, h * nk * d, nk, d, scale, scores, acc);
                    System.arraycopy(acc, 0, out, outOff + i * outStride + h * d, d);
                }
            }
        });
    }

    /** One query against one head's packed keys/values; acc [d] receives the normalised output. */
    private static void query(float[] q, int qo, float[] kT, int kb, float[] vh, int vb, int nk, int d,
                              float scale, float[] scores, float[] acc) {
        java.util.Arrays.fill(acc, 0, d, 0f);
        float runMax = Float.NEGATIVE_INFINITY, runSum = 0;
        int dEnd = F.loopBound(d);
        for (int j0 = 0; j0 < nk; j0 += KB) {
            int kbN = Math.min(KB, nk - j0), jEnd = F.loopBound(kbN);
            // scores[j] = scale * sum_c q[c] kT[c][j0 + j]
            int j = 0;
            for (; j < jEnd; j += L) {
                FloatVector sv = FloatVector.zero(F);
                for (int c = 0; c < d; c++) {
                    sv = FloatVector.fromArray(F, kT, kb + c * nk + j0 + j).fma(FloatVector.broadcast(F, q[qo + c]), sv);
                }
                sv.mul(scale).intoArray(scores, j);
            }
            for (; j < kbN; j++) {
                float sum = 0;
                for (int c = 0; c < d; c++) sum += q[qo + c] * kT[kb + c * nk + j0 + j];
                scores[j] = sum * scale;
            }
            float blockMax = Float.NEGATIVE_INFINITY;
            for (j = 0; j < kbN; j++) blockMax = Math.max(blockMax, scores[j]);
            float newMax = Math.max(runMax, blockMax);
            float corr = (float) Math.exp(runMax - newMax);
            runSum *= corr;
            if (corr != 1f) {
                for (int c = 0; c < d; c++) acc[c] *= corr;
            }
            FloatVector mv = FloatVector.broadcast(F, newMax);
            for (j = 0; j < jEnd; j += L) {
                FloatVector pv = FloatVector.fromArray(F, scores, j).sub(mv).lanewise(VectorOperators.EXP);
                pv.intoArray(scores, j);
                runSum += pv.reduceLanes(VectorOperators.ADD);
            }
            for (; j < kbN; j++) {
                scores[j] = (float) Math.exp(scores[j] - newMax);
                runSum += scores[j];
            }
            // acc[c] += sum_j p_j vh[j0 + j][c]
            for (j = 0; j < kbN; j++) {
                FloatVector pj = FloatVector.broadcast(F, scores[j]);
                int vr = vb + (j0 + j) * d;
                int c = 0;
                for (; c < dEnd; c += L) {
                    FloatVector.fromArray(F, vh, vr + c).fma(pj, FloatVector.fromArray(F, acc, c)).intoArray(acc, c);
                }
                for (; c < d; c++) acc[c] += scores[j] * vh[vr + c];
            }
            runMax = newMax;
        }
        float inv = 1f / runSum;
        for (int c = 0; c < d; c++) acc[c] *= inv;
    }

    /** Scalar twin: full score row per query, two-pass softmax, all in double. */
    public static void forwardScalar(Parallel p, float[] q, int qOff, int qStride, float[] k, int kOff, int kStride,
                                     float[] v, int vOff, int vStride, float[] out, int outOff, int outStride,
                                     int nq, int nk, int heads, int headDim, float scale) {
        double[] s = new double[nk];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < nq; i++) {
                int qo = qOff + i * qStride + h * headDim;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < nk; j++) {
                    int ko = kOff + j * kStride + h * headDim;
                    double dot = 0;
                    for (int c = 0; c < headDim; c++) dot += (double) q[qo + c] * k[ko + c];
                    s[j] = scale * dot;
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < nk; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int c = 0; c < headDim; c++) {
                    double o = 0;
                    for (int j = 0; j < nk; j++) o += s[j] * v[vOff + j * vStride + h * headDim + c];
                    out[outOff + i * outStride + h * headDim + c] = (float) (o / sum);
                }
            }
        }
    }
}
