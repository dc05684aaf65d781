package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mast3r.engine.Close.assertClose;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The token ops of {@link CpuBackend} ([N, C] row-major) against {@link Reference}. */
class CpuBackendTokenOpsTest {
    @AutoClose
    static final CpuBackend BE = new CpuBackend(2);

    private static Param param(String name, float[] v, long... shape) {
        return BE.param(name, MemorySegment.ofArray(v), shape);
    }

    @Test
    void linearWithAndWithoutBias() {
        int n = 7, in = 37, out = 19;
        float[] x = Inputs.uniform(1, n * in, 1), w = Inputs.uniform(2, out * in, 0.3), b = Inputs.uniform(3, out, 1);
        Tensor xt = BE.upload(x, n, in);
        // float32 dot products of length 37: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("linear", BE, BE.linear(xt, param("w", w, out, in), param("b", b, out)),
                new int[] {n, out}, Reference.linear(Reference.widen(x), n, in, w, b, out), 2e-6);
        assertClose("linear, no bias", BE, BE.linear(xt, param("w", w, out, in), null),
                new int[] {n, out}, Reference.linear(Reference.widen(x), n, in, w, null, out), 2e-6);
    }

    /** Wide enough (n = 70 > two tiles of 32 columns, 13 rows > two MR panels) for the fused GELU to see cut tiles. */
    @Test
    void linearGeluIsGeluOfTheProduct() {
        int n = 13, in = 37, out = 70;
        float[] x = Inputs.uniform(8, n * in, 1), w = Inputs.uniform(9, out * in, 0.5), b = Inputs.uniform(10, out, 1);
        double[] ref = Reference.gelu(Reference.linear(Reference.widen(x), n, in, w, b, out));
        assertClose("linearGelu", BE, BE.linearGelu(BE.upload(x, n, in), param("w", w, out, in), param("b", b, out)),
                new int[] {n, out}, ref, 2e-6);
    }

    @Test
    void linearAccumulateAddsToItsTarget() {
        int n = 5, in = 23, out = 29;
        float[] x = Inputs.uniform(4, n * in, 1), w = Inputs.uniform(5, out * in, 0.3), b = Inputs.uniform(6, out, 1);
        float[] into = Inputs.uniform(7, n * out, 2);
        Tensor target = BE.upload(into, n, out);
        BE.linearAccumulate(BE.upload(x, n, in), param("w", w, out, in), param("b", b, out), target);
        double[] ref = Reference.add(Reference.widen(into), Reference.linear(Reference.widen(x), n, in, w, b, out));
        assertClose("linearAccumulate", BE, target, new int[] {n, out}, ref, 2e-6);
    }

    @Test
    void linearRefusesMismatchedWidths() {
        Param w = param("w", new float[6 * 4], 6, 4);
        assertThrows(IllegalArgumentException.class, () -> BE.linear(BE.upload(new float[10], 2, 5), w, null));
        Tensor wrongTarget = BE.upload(new float[2 * 5], 2, 5);
        assertThrows(IllegalArgumentException.class,
                () -> BE.linearAccumulate(BE.upload(new float[8], 2, 4), w, null, wrongTarget));
    }

    @Test
    void layerNormUsesBiasedVarianceAndEps() {
        int n = 5, c = 45;
        float[] x = Inputs.uniform(8, n * c, 3);
        for (int i = 0; i < c; i++) x[3 * c + i] = 0.5f + x[3 * c + i] * 1e-3f;   // variance ~1e-6: eps matters
        float[] g = Inputs.uniform(9, c, 1), b = Inputs.uniform(10, c, 1);
        double[] ref = Reference.layerNorm(Reference.widen(x), n, c, g, b, 1e-6);
        // float32 two-pass statistics: the row with mean 0.5 and spread 1e-3 loses ~9 bits to the float mean
        // (~7e-6 of the output scale); the other rows stay near 1e-7
        assertClose("layerNorm", BE, BE.layerNorm(BE.upload(x, n, c), param("g", g, c), param("b", b, c), 1e-6f),
                new int[] {n, c}, ref, 3e-5);
    }

    @Test
    void geluIsTheExactErfForm() {
        int n = 67;
        float[] x = Inputs.uniform(11, n, 7);
        x[0] = 0;
        x[1] = -10;
        x[2] = 10;
        Tensor t = BE.upload(x, n);
        BE.geluInPlace(t);
        // the tanh approximation is off by up to ~5e-4 near |x| = 2; the erf form matches to float rounding
        assertClose("gelu", Reference.gelu(Reference.widen(x)), BE.download(t), 5e-7);
    }

    @Test
    void rope2dRotatesItsColumnSliceForEachBatchItem() {
        int tokens = 7, batch = 2, stride = 53, col = 5, heads = 3, headDim = 12;
        float[] x = Inputs.uniform(12, batch * tokens * stride, 1);
        Positions pos = Inputs.scattered(13, tokens, 60);
        double[] ref = Reference.widen(x);
        for (int b = 0; b < batch; b++) {
            double[] item = new double[tokens * stride];
            System.arraycopy(ref, b * tokens * stride, item, 0, item.length);
            Reference.rope2d(item, tokens, stride, col, heads, headDim, pos.y(), pos.x(), 100);
            System.arraycopy(item, 0, ref, b * tokens * stride, item.length);
        }
        Tensor t = BE.upload(x, batch * tokens, stride);
        BE.rope2dInPlace(t, col, heads, headDim, pos, 100);
        float[] got = BE.download(t);
        // torch (and the kernel) round angles up to 59 rad to float: ~1e-6 of the output scale
        assertClose("rope2d", ref, got, 1e-5);
        for (int r = 0; r < batch * tokens; r++) {
            for (int c = 0; c < stride; c++) {
                if (c < col || c >= col + heads * headDim) assertEquals(x[r * stride + c], got[r * stride + c], "column " + c + " untouched");
            }
        }
    }

    @Test
    void attentionReadsColumnSlicesPerBatchItem() {
        int batch = 2, nq = 7, nk = 11, heads = 3, headDim = 8, width = heads * headDim;
        int qStride = 40, qCol = 3, kvStride = 60, kCol = 2, vCol = 30;
        float[] q = Inputs.uniform(14, batch * nq * qStride, 2), kv = Inputs.uniform(15, batch * nk * kvStride, 2);
        float scale = (float) (1 / Math.sqrt(headDim));
        double[] ref = new double[batch * nq * width];
        for (int b = 0; b < batch; b++) {
            double[] qb = Reference.widen(Arrays.copyOfRange(q, b * nq * qStride, (b + 1) * nq * qStride));
            double[] kvb = Reference.widen(Arrays.copyOfRange(kv, b * nk * kvStride, (b + 1) * nk * kvStride));
            double[] o = Reference.attention(qb, qStride, qCol, kvb, kvStride, kCol, kvb, kvStride, vCol,
                    nq, nk, heads, headDim, scale);
            System.arraycopy(o, 0, ref, b * nq * width, o.length);
        }
        Tensor kvt = BE.upload(kv, batch * nk, kvStride);
        Tensor out = BE.attention(BE.upload(q, batch * nq, qStride), qCol, kvt, kCol, kvt, vCol, batch, heads, headDim, scale);
        // float32 softmax over 11 keys and dot products of 8: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("attention", BE, out, new int[] {batch * nq, width}, ref, 2e-6);
    }

    @Test
    void ropeAndAttentionRefuseRowsThatAreNotABatch() {
        // k of 8 rows with the 15 query positions once ran off the end of the array
        Tensor k = BE.upload(new float[8 * 24], 8, 24);
        assertThrows(IllegalArgumentException.class, () -> BE.rope2dInPlace(k, 0, 3, 8, Positions.grid(3, 5), 100));
        Tensor q = BE.upload(new float[15 * 24], 15, 24);
        assertThrows(IllegalArgumentException.class, () -> BE.attention(q, 0, q, 0, q, 0, 2, 3, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> BE.attention(q, 0, q, 0, k, 0, 1, 3, 8, 1));
    }
}
