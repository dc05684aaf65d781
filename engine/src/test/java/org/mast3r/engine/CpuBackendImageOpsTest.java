package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mast3r.engine.Close.assertClose;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The image ops of {@link CpuBackend} ([C, H, W], PyTorch weight layouts) against {@link Reference}. */
class CpuBackendImageOpsTest {
    @AutoClose
    static final CpuBackend BE = new CpuBackend(2);

    private static Param param(float[] v, long... shape) {
        return BE.param("p", MemorySegment.ofArray(v), shape);
    }

    private static void conv(long seed, int cin, int h, int w, int cout, int kh, int kw, int stride, int pad, boolean bias) {
        float[] x = Inputs.uniform(seed, cin * h * w, 1), wt = Inputs.uniform(seed + 1, cout * cin * kh * kw, 0.3);
        float[] b = bias ? Inputs.uniform(seed + 2, cout, 1) : null;
        int ho = (h + 2 * pad - kh) / stride + 1, wo = (w + 2 * pad - kw) / stride + 1;
        Tensor y = BE.conv2d(BE.upload(x, cin, h, w), param(wt, cout, cin, kh, kw), bias ? param(b, cout) : null, stride, pad);
        double[] ref = Reference.conv2d(Reference.widen(x), cin, h, w, wt, b, cout, kh, kw, stride, pad);
        // float32 sums of at most 5*3*3 products: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("conv2d " + kh + "x" + kw + "/s" + stride + " pad " + pad, BE, y, new int[] {cout, ho, wo}, ref, 2e-6);
    }

    @Test
    void conv3x3PaddedWithBias() {
        conv(1, 5, 6, 9, 7, 3, 3, 1, 1, true);
    }

    @Test
    void conv3x3Stride2OnAnOddImageWithoutBias() {
        conv(2, 5, 7, 5, 6, 3, 3, 2, 1, false);
    }

    @Test
    void conv1x1AndPatchStrideAndNonSquareKernel() {
        conv(3, 9, 3, 5, 4, 1, 1, 1, 0, true);
        conv(4, 3, 12, 20, 10, 4, 4, 4, 0, true);     // patch embed: 4x4/s4 on a 3x5 patch grid
        conv(5, 2, 5, 7, 3, 2, 3, 1, 1, true);        // kh != kw: a swapped [kh, kw] shows
    }

    /** residual + conv(relu(x)): the reference on a ReLU'd input plus the residual; x has negatives. */
    @Test
    void convWithReluInputAndResidual() {
        int cin = 5, h = 6, w = 9, cout = 7;
        float[] x = Inputs.uniform(6, cin * h * w, 1), wt = Inputs.uniform(7, cout * cin * 9, 0.3), b = Inputs.uniform(8, cout, 1);
        float[] r = Inputs.uniform(9, cout * h * w, 1);
        Tensor residual = BE.upload(r, cout, h, w);
        Tensor y = BE.conv2d(BE.upload(x, cin, h, w), true, param(wt, cout, cin, 3, 3), param(b, cout), 1, 1, residual);
        double[] relu = Reference.widen(x);
        for (int i = 0; i < relu.length; i++) relu[i] = Math.max(relu[i], 0);
        double[] ref = Reference.conv2d(relu, cin, h, w, wt, b, cout, 3, 3, 1, 1);
        for (int i = 0; i < ref.length; i++) ref[i] += r[i];
        assertClose("conv2d relu-in + residual", BE, y, new int[] {cout, h, w}, ref, 2e-6);
        org.junit.jupiter.api.Assertions.assertArrayEquals(r, BE.download(residual), "residual untouched");
        assertThrows(IllegalArgumentException.class,
                () -> BE.conv2d(BE.upload(x, cin, h, w), true, param(wt, cout, cin, 3, 3), null, 1, 1, BE.upload(r, cout, w, h)));
    }

    @Test
    void convRefusesAWeightForOtherChannels() {
        Param w = param(new float[3 * 4 * 9], 3, 4, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> BE.conv2d(BE.upload(new float[5 * 4 * 4], 5, 4, 4), w, null, 1, 1));
    }

    @Test
    void convTransposeWithKernelEqualToStride() {
        int cin = 5, cout = 3, h = 3, w = 5;
        for (int k : new int[] {2, 4}) {
            float[] x = Inputs.uniform(10 + k, cin * h * w, 1), wt = Inputs.uniform(20 + k, cin * cout * k * k, 0.5);
            float[] b = Inputs.uniform(30 + k, cout, 1);
            Tensor y = BE.convTranspose2d(BE.upload(x, cin, h, w), param(wt, cin, cout, k, k), param(b, cout));
            double[] ref = Reference.convTranspose2d(Reference.widen(x), cin, h, w, wt, b, cout, k, k);
            // each output is a bias plus 5 products: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
            assertClose("convTranspose2d k=" + k, BE, y, new int[] {cout, h * k, w * k}, ref, 2e-6);
        }
        Param wrong = param(new float[4 * 3 * 4], 4, 3, 2, 2);
        assertThrows(IllegalArgumentException.class,
                () -> BE.convTranspose2d(BE.upload(new float[cin * h * w], cin, h, w), wrong, null));
    }

    @Test
    void upsample2xRowsIsABandOfTheWhole() {
        int c = 3, h = 5, w = 7, top = 3, rows = 4;
        float[] x = Inputs.uniform(41, c * h * w, 1);
        double[] whole = Reference.upsample2xAlignCorners(Reference.widen(x), c, h, w), ref = new double[c * rows * 2 * w];
        for (int ch = 0; ch < c; ch++) System.arraycopy(whole, (ch * 2 * h + top) * 2 * w, ref, ch * rows * 2 * w, rows * 2 * w);
        assertClose("upsample2x rows", BE, BE.upsample2xRows(BE.upload(x, c, h, w), top, rows), new int[] {c, rows, 2 * w}, ref, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> BE.upsample2xRows(BE.upload(x, c, h, w), 7, 4));
    }

    @Test
    void upsample2xAlignCorners() {
        int c = 3, h = 3, w = 5;
        float[] x = Inputs.uniform(40, c * h * w, 1);
        // two float lerps per output: measured ~2e-7 of max|ref|
        assertClose("upsample2x", BE, BE.upsample2x(BE.upload(x, c, h, w)), new int[] {c, 2 * h, 2 * w},
                Reference.upsample2xAlignCorners(Reference.widen(x), c, h, w), 1e-6);
    }
}
