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
 * <p>Fast path (flash-style), built on {@link Gemm}'s micro-kernel: each head's keys are packed once as
 * B panels of K^T ([key panel][c][NR]) and its values as B panels of V ([dim panel][j][NR]). A task takes
 * QB queries of one head, packs them as A panels, and walks the keys in blocks of KB:
 * S [QB, KB] = Q · K_blk^T, then an online softmax per row (running max and sum; the output so far is
 * rescaled by exp(oldMax - newMax)), then O [QB, d] += P · V_blk with P packed as A panels.
 * Tasks are (head, query block).
 */
public final class Attention {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    private static final int MR = Gemm.MR, NR = Gemm.NR;
    /** Key block: 4 micro-panels; the score tile QB x KB (24 KiB) stays in L1 between the two products. */
    private static final int KB = 4 * NR;
    /** Query block: 8 micro-kernel rows. */
    private static final int QB = 8 * MR;

    private Attention() {}

    public static void forward(Parallel p, float[] q, int qOff, int qStride, float[] k, int kOff, int kStride,
                               float[] v, int vOff, int vStride, float[] out, int outOff, int outStride,
                               int nq, int nk, int heads, int headDim, float scale) {
        if (!Simd.ENABLED || nk == 0 || headDim == 0) {
            forwardScalar(p, q, qOff, qStride, k, kOff, kStride, v, vOff, vStride, out, outOff, outStride,
                    nq, nk, heads, headDim, scale);
            return;
        }
        int d = headDim;
        int kHead = Gemm.roundUp(nk, NR) * d, vHead = Gemm.roundUp(d, NR) * nk;
        float[] kPack = Scratch.floats(Scratch.ATTN_K, heads * kHead);
        float[] vPack = Scratch.floats(Scratch.ATTN_V, heads * vHead);
        p.forRange(heads, 1, (s, e) -> {
            for (int h = s; h < e; h++) packHead(k, kOff, kStride, v, vOff, vStride, nk, h, d, kPack, h * kHead, vPack, h * vHead);
        });
        int qBlocks = (nq + QB - 1) / QB;
        p.forRange(heads * qBlocks, 1, (s, e) -> {
            float[] qPack = new float[QB * d], sTile = new float[QB * KB], pPack = new float[QB * KB];
            float[] acc = new float[QB * d], max = new float[QB], sum = new float[QB];
            for (int task = s; task < e; task++) {
                int h = task / qBlocks, i0 = (task % qBlocks) * QB, qb = Math.min(QB, nq - i0);
                int qBase = qOff + i0 * qStride + h * d;
                for (int ip = 0; ip * MR < qb; ip++) Gemm.packA(q, qBase, qb, qStride, 0, d, ip, qPack);
                java.util.Arrays.fill(acc, 0f);
                java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
                java.util.Arrays.fill(sum, 0f);
                for (int j0 = 0; j0 < nk; j0 += KB) {
                    int kb = Math.min(KB, nk - j0);
                    for (int ip = 0; ip * MR < qb; ip++) {
                        for (int jp = 0; jp * NR < kb; jp++) {
                            Gemm.tile(qPack, ip * MR * d, kPack, h * kHead + (j0 / NR + jp) * NR * d, d, sTile,
                                    ip * MR * KB + jp * NR, KB, Math.min(MR, qb - ip * MR), Math.min(NR, kb - jp * NR), false);
                        }
                    }
                    for (int r = 0; r < qb; r++) softmaxStep(sTile, r * KB, kb, scale, acc, r * d, d, max, sum, r);
                    for (int ip = 0; ip * MR < qb; ip++) Gemm.packA(sTile, 0, qb, KB, 0, kb, ip, pPack);
                    for (int ip = 0; ip * MR < qb; ip++) {
                        for (int dp = 0; dp * NR < d; dp++) {
                            Gemm.tile(pPack, ip * MR * kb, vPack, h * vHead + dp * NR * nk + j0 * NR, kb, acc,
                                    ip * MR * d + dp * NR, d, Math.min(MR, qb - ip * MR), Math.min(NR, d - dp * NR), true);
                        }
                    }
                }
                for (int r = 0; r < qb; r++) {
                    scaleRow(acc, r * d, d, 1f / sum[r], out, outOff + (i0 + r) * outStride + h * d);
                }
            }
        });
    }

    /** Head h: K^T panels kPack[kb + jp*NR*d + c*NR + col] and V panels vPack[vb + dp*NR*nk + j*NR + col], zero-padded. */
    private static void packHead(float[] k, int kOff, int kStride, float[] v, int vOff, int vStride, int nk, int h, int d,
                                 float[] kPack, int kb, float[] vPack, int vb) {
        java.util.Arrays.fill(kPack, kb, kb + Gemm.roundUp(nk, NR) * d, 0f);
        java.util.Arrays.fill(vPack, vb, vb + Gemm.roundUp(d, NR) * nk, 0f);
        for (int j = 0; j < nk; j++) {
            int kr = kOff + j * kStride + h * d, vr = vOff + j * vStride + h * d;
            int kp = kb + (j / NR) * NR * d + j % NR;
            for (int c = 0; c < d; c++) {
                kPack[kp + c * NR] = k[kr + c];
                vPack[vb + (c / NR) * NR * nk + j * NR + c % NR] = v[vr + c];
            }
        }
    }

    /**
     * Row r of a score block: s = scale * s, newMax = max(max[r], max s), the row's output so far and its sum
     * are scaled by exp(max[r] - newMax), then s becomes p = exp(s - newMax) and is added to the sum.
     */
    private static void softmaxStep(float[] s, int so, int kb, float scale, float[] acc, int ao, int d,
                                    float[] max, float[] sum, int r) {
        // scale and max in vectors (max is exact, so the lane order does not change the result)
        FloatVector bm = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (int end = F.loopBound(kb); j < end; j += L) {
            FloatVector sc = FloatVector.fromArray(F, s, so + j).mul(scale);
            sc.intoArray(s, so + j);
            bm = bm.max(sc);
        }
        float blockMax = bm.reduceLanes(VectorOperators.MAX);
        for (; j < kb; j++) {
            s[so + j] *= scale;
            blockMax = Math.max(blockMax, s[so + j]);
        }
        float newMax = Math.max(max[r], blockMax);
        float corr = (float) Math.exp(max[r] - newMax);
        if (corr != 1f) scaleRow(acc, ao, d, corr, acc, ao);
        FloatVector mv = FloatVector.broadcast(F, newMax), sv = FloatVector.zero(F);
        j = 0;
        for (int end = F.loopBound(kb); j < end; j += L) {
            FloatVector pv = Exp.exp(FloatVector.fromArray(F, s, so + j).sub(mv));
            pv.intoArray(s, so + j);
            sv = sv.add(pv);
        }
        float total = sum[r] * corr + Simd.sumLanes(sv);
        for (; j < kb; j++) {
            s[so + j] = (float) Math.exp(s[so + j] - newMax);
            total += s[so + j];
        }
        sum[r] = total;
        max[r] = newMax;
    }

    /** dst[o, o+n) = src[so, so+n) * f, in vectors with a scalar tail (src and dst may be the same row). */
    private static void scaleRow(float[] src, int so, int n, float f, float[] dst, int o) {
        int c = 0;
        for (int end = F.loopBound(n); c < end; c += L) FloatVector.fromArray(F, src, so + c).mul(f).intoArray(dst, o + c);
        for (; c < n; c++) dst[o + c] = src[so + c] * f;
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
