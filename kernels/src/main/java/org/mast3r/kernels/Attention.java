package org.mast3r.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Multi-head scaled dot-product attention without materialising the nq x nk score matrix.
 *
 * <p>Layout: query i of head h is q[qOff + i*qStride + h*d, +d), key/value j likewise in k/v with their
 * strides, output out[outOff + i*outStride + h*d, +d); strides let q, k, v be column slices of one fused
 * qkv [N, 3E] buffer, and nq != nk serves cross attention. out_i = softmax_j(scale * q_i . k_j) v_j.
 *
 * <p>Fast path (flash-style, scores transposed so the queries run along the vector lanes). Tasks are
 * (head, query block of W queries); each thread packs its task's head, unless its previous task had the
 * same one, as K row panels [key panel][c][R] and V^T row panels [dim panel][j][R], and the W queries
 * times {@code scale} as Q^T [d][W]. It then walks the keys in blocks of KB: S^T [KB][W] = K_blk · Q^T;
 * an online softmax, lanewise because each lane is one query, turns S^T into P^T in place and keeps a
 * running max and sum per query; the output so far, O^T [dPad][W], is scaled by
 * corr = exp(oldMax - newMax) per query; then O^T += V_blk^T · P^T, which reads P^T as it lies (no
 * repacking). The last step writes O^T / sum transposed into out. Both products run one micro-kernel.
 * Each task is computed in a fixed order, so the result does not depend on how tasks are split among
 * threads (and, as each query's arithmetic is the same whatever W is, not on the vector width either).
 */
public final class Attention {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    /**
     * Micro-kernel tile: R rows (keys, or value dims) x W queries. W is 3 vectors (12 accumulators) where C2
     * has AVX-512's 32 registers, 2 vectors (8) with AVX2's 16: 12 accumulators + 3 query vectors + R
     * broadcasts do not fit in 16 and C2 kept accumulators on the stack.
     */
    private static final int R = 4, WV = Simd.CPU.vectorRegisters() >= 32 ? 3 : 2, W = WV * L;
    /** Key block: S^T [KB][W] is 24 KiB with AVX-512 and stays in L1 (64 to 256 measured the same). */
    private static final int KB = 128;

    private Attention() {}

    public static void forward(Parallel p, float[] q, int qOff, int qStride, float[] k, int kOff, int kStride,
                               float[] v, int vOff, int vStride, float[] out, int outOff, int outStride,
                               int nq, int nk, int heads, int headDim, float scale) {
        if (!Simd.ENABLED || nk == 0 || headDim == 0) {
            forwardScalar(p, q, qOff, qStride, k, kOff, kStride, v, vOff, vStride, out, outOff, outStride,
                    nq, nk, heads, headDim, scale);
            return;
        }
        int d = headDim, qBlocks = (nq + W - 1) / W;
        p.forRange(heads * qBlocks, 1, (s, e) -> {
            Worker w = new Worker(nk, d);
            for (int task = s; task < e; task++) {
                int h = task / qBlocks, i0 = (task % qBlocks) * W;
                w.packHead(h, k, kOff + h * d, kStride, v, vOff + h * d, vStride);
                w.run(q, qOff + i0 * qStride + h * d, qStride, Math.min(W, nq - i0), scale,
                        out, outOff + i0 * outStride + h * d, outStride);
            }
        });
    }

    /**
     * One thread's buffers for the tasks it runs: its current head's K panels [nk/R][d][R] and V^T panels
     * [dPad/R][nk][R] (packed again only when the head changes: consecutive tasks mostly share it, and the
     * panels stay in this core's L2), and one query block's Q^T [d][W], S^T [KB][W], O^T [dPad][W] and
     * running max, sum and rescale factor per query.
     */
    private static final class Worker {
        private final int nk, d;
        private final float[] kPack, vPack, qT, sT, oT, max = new float[W], sum = new float[W], corr = new float[W];
        private int head = -1;

        Worker(int nk, int d) {
            this.nk = nk;
            this.d = d;
            kPack = Scratch.floats(Scratch.ATTN_K, Gemm.roundUp(nk, R) * d);
            vPack = Scratch.floats(Scratch.ATTN_V, Gemm.roundUp(d, R) * nk);
            qT = new float[d * W];
            sT = new float[KB * W];
            oT = new float[Gemm.roundUp(d, R) * W];
        }

        /** Packs head h's keys and values, unless they are the ones packed last. */
        void packHead(int h, float[] k, int kOff, int kStride, float[] v, int vOff, int vStride) {
            if (h == head) return;
            packKeys(k, kOff, kStride, nk, d, kPack);
            packValues(v, vOff, vStride, nk, d, vPack);
            head = h;
        }

        /** Queries [qb <= W] at q[qBase + i*qStride] against the packed head, into out[ob + i*outStride]. */
        void run(float[] q, int qBase, int qStride, int qb, float scale, float[] out, int ob, int outStride) {
            packQueries(q, qBase, qStride, qb, d, scale, qT);
            Arrays.fill(oT, 0f);
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
            Arrays.fill(sum, 0f);
            for (int j0 = 0; j0 < nk; j0 += KB) {
                int kb = Math.min(KB, nk - j0);
                Arrays.fill(sT, 0f); // the kernel adds into its tile
                for (int r0 = 0; r0 < kb; r0 += R) kernel(kPack, (j0 + r0) * d, qT, d, sT, r0 * W);
                softmaxStep(sT, kb, max, sum, corr);
                rescale(oT, corr);
                for (int c0 = 0; c0 < d; c0 += R) kernel(vPack, c0 * nk + j0 * R, sT, kb, oT, c0 * W);
            }
            writeOut(oT, sum, qb, d, out, ob, outStride);
        }
    }

    /** Keys of one head as row panels kPack[(j/R)*R*d + c*R + j%R] = k[kOff + j*kStride + c]; keys past nk are zero. */
    private static void packKeys(float[] k, int kOff, int kStride, int nk, int d, float[] kPack) {
        Arrays.fill(kPack, nk / R * R * d, Gemm.roundUp(nk, R) * d, 0f);
        for (int j0 = 0; j0 < nk; j0 += R) {
            Transpose.strided(k, kOff + j0 * kStride, kStride, Math.min(R, nk - j0), d, kPack, j0 * d, R);
        }
    }

    /**
     * Values of one head as row panels of V^T: vPack[(c/R)*R*nk + j*R + c%R] = v[vOff + j*vStride + c];
     * dims past d are zero. Whole panel rows move as one vector: a third fewer instructions lets more of the
     * strided, usually uncached, source rows load at once (3 % of the attention time).
     */
    private static void packValues(float[] v, int vOff, int vStride, int nk, int d, float[] vPack) {
        int whole = d / R * R;
        Arrays.fill(vPack, whole * nk, Gemm.roundUp(d, R) * nk, 0f);
        for (int j = 0; j < nk; j++) {
            int src = vOff + j * vStride, dst = j * R;
            for (int c = 0; c < whole; c += R) FloatVector.fromArray(Simd.QUAD, v, src + c).intoArray(vPack, dst + c * nk);
            for (int c = whole; c < d; c++) vPack[dst + whole * nk + c - whole] = v[src + c];
        }
    }

    /** Q^T [d][W] = scale * q rows [qb, d] transposed; query lanes past qb are zero. */
    private static void packQueries(float[] q, int qBase, int qStride, int qb, int d, float scale, float[] qT) {
        if (qb < W) Arrays.fill(qT, 0f);
        Transpose.strided(q, qBase, qStride, qb, d, qT, 0, W);
        for (int i = 0; i < d * W; i += L) FloatVector.fromArray(F, qT, i).mul(scale).intoArray(qT, i);
    }

    /**
     * One key block of the online softmax, lanewise over the W queries: S^T rows [0, kb) become
     * P^T = exp(s - newMax) in place, corr = exp(oldMax - newMax) (tiny for the first block, whose old max
     * is -inf, but the output and sum it scales are still 0), sum = sum * corr + the block's column sums.
     * Rows past kb are padding and left alone.
     */
    private static void softmaxStep(float[] s, int kb, float[] max, float[] sum, float[] corr) {
        for (int o = 0; o < W; o += L) {
            FloatVector old = FloatVector.fromArray(F, max, o), m = old;
            // four rows per step: Java's max is a 5-instruction sequence on x86, too slow as one long chain
            int j = 0;
            for (; j + 4 <= kb; j += 4) {
                int i = j * W + o;
                FloatVector a = FloatVector.fromArray(F, s, i).max(FloatVector.fromArray(F, s, i + W));
                FloatVector b = FloatVector.fromArray(F, s, i + 2 * W).max(FloatVector.fromArray(F, s, i + 3 * W));
                m = m.max(a.max(b));
            }
            for (; j < kb; j++) m = m.max(FloatVector.fromArray(F, s, j * W + o));
            FloatVector total = FloatVector.zero(F);
            for (j = 0; j < kb; j++) {
                FloatVector pv = Exp.exp(FloatVector.fromArray(F, s, j * W + o).sub(m));
                pv.intoArray(s, j * W + o);
                total = total.add(pv);
            }
            FloatVector cv = Exp.exp(old.sub(m));
            cv.intoArray(corr, o);
            m.intoArray(max, o);
            FloatVector.fromArray(F, sum, o).fma(cv, total).intoArray(sum, o);
        }
    }

    /** O^T [dPad][W] *= corr, lanewise: the output so far follows its row's new max. */
    private static void rescale(float[] oT, float[] corr) {
        for (int o = 0; o < W; o += L) {
            FloatVector cv = FloatVector.fromArray(F, corr, o);
            for (int i = o; i < oT.length; i += W) FloatVector.fromArray(F, oT, i).mul(cv).intoArray(oT, i);
        }
    }

    /** out rows [qb, d] at out[ob + i*outStride + c] = O^T[c][i] / sum[i]; O^T is scaled in place first. */
    private static void writeOut(float[] oT, float[] sum, int qb, int d, float[] out, int ob, int outStride) {
        for (int o = 0; o < W; o += L) {
            FloatVector inv = FloatVector.broadcast(F, 1f).div(FloatVector.fromArray(F, sum, o));
            for (int i = o; i < d * W; i += W) FloatVector.fromArray(F, oT, i).mul(inv).intoArray(oT, i);
        }
        Transpose.strided(oT, 0, W, d, qb, out, ob, outStride);
    }

    /**
     * Tile C [R][W] at c[co + r*W] += A · B; A is a row panel [kc][R] at a[ao], B is [kc][W] from b[0].
     * The R x WV accumulators (the third column only where WV, a constant to C2, has it) are written out by
     * hand so they stay in registers; no masks, no branches, no row counts (tiles are always whole). They start from zero and meet C only in the store: seeded from C,
     * the long P · V sums rounded against the large running output (1.4x the error). 12 is also what C2
     * inlines whole: at 16 or 24 accumulators it ran out of its inlining node budget, left vector
     * operations as calls on boxed vectors and the kernel ran 4-10x slower.
     */
    private static void kernel(float[] a, int ao, float[] b, int kc, float[] c, int co) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * R, bi = p * W;
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector b2 = WV > 2 ? FloatVector.fromArray(F, b, bi + 2 * L) : b0;
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            if (WV > 2) c02 = av.fma(b2, c02);
            av = FloatVector.broadcast(F, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            if (WV > 2) c12 = av.fma(b2, c12);
            av = FloatVector.broadcast(F, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            if (WV > 2) c22 = av.fma(b2, c22);
            av = FloatVector.broadcast(F, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            if (WV > 2) c32 = av.fma(b2, c32);
        }
        storeRow(c00, c01, c02, c, co);
        storeRow(c10, c11, c12, c, co + W);
        storeRow(c20, c21, c22, c, co + 2 * W);
        storeRow(c30, c31, c32, c, co + 3 * W);
    }

    /** One tile row: c[o, o + W) += v (v2 only where W has a third vector). */
    private static void storeRow(FloatVector v0, FloatVector v1, FloatVector v2, float[] c, int o) {
        v0.add(FloatVector.fromArray(F, c, o)).intoArray(c, o);
        v1.add(FloatVector.fromArray(F, c, o + L)).intoArray(c, o + L);
        if (WV > 2) v2.add(FloatVector.fromArray(F, c, o + 2 * L)).intoArray(c, o + 2 * L);
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
