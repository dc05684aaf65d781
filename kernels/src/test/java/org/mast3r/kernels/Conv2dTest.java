package org.mast3r.kernels;

import static org.mast3r.kernels.Check.GUARD;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Conv2dTest {
    /**
     * Small versions of the DPT shapes (3x3 pad 1, 1x1, 3x3 stride 2, patch embed) plus odd maps and a 1x1 image.
     * The last four feed the implicit im2col's seams: pixel panels that span several output rows (wo < NR),
     * several n blocks, and more taps than one k slice (K = 360, 315 > KC).
     */
    @ParameterizedTest(name = "cin={0} {1}x{2} cout={3} k={4}x{5} s={6} p={7} bias={8}")
    @CsvSource({
        "8,13,11,7,3,3,1,1,true", "5,9,17,33,1,1,1,0,true", "6,15,10,5,3,3,2,1,false", "3,32,48,20,16,16,16,0,true",
        "2,1,1,3,3,3,1,1,true", "3,1,1,2,3,3,2,1,true", "4,7,5,3,2,3,2,0,false", "19,40,37,9,3,3,1,1,true",
        "5,30,7,13,3,3,1,1,true", "7,50,45,10,3,3,2,1,true", "40,12,20,5,3,3,1,1,true", "35,9,70,6,1,3,1,1,false",
    })
    void matchesTwin(int cin, int h, int w, int cout, int kh, int kw, int stride, int pad, boolean withBias) {
        for (Check.Storage st : Check.Storage.values()) {
            float[] in = Check.random(20, cin * h * w + 5);
            MemorySegment wt = Check.segment(st, Check.random(21, cout * cin * kh * kw));
            MemorySegment bias = withBias ? Check.segment0(st, Check.random(22, cout)) : null;
            int n = cout * Conv2d.outSize(h, kh, stride, pad) * Conv2d.outSize(w, kw, stride, pad);
            float[] fast = Check.guarded(n), twin = Check.guarded(n);
            try (Parallel p = new Parallel(2)) {
                Conv2d.forward(p, in, 5, cin, h, w, wt, Check.W_OFF, bias, cout, kh, kw, stride, pad, fast, GUARD);
                Conv2d.forwardScalar(p, in, 5, cin, h, w, wt, Check.W_OFF, bias, cout, kh, kw, stride, pad, twin, GUARD);
            }
            int k = cin * kh * kw;
            Check.close("conv2d " + st, twin, GUARD, fast, GUARD, n, 1e-6 * (k + 1), 1e-5);
            Check.assertGuards(fast, n);
        }
    }

    /**
     * The fused form (ReLU on the input, residual in out) against the twin on a ReLU'd copy plus the residual,
     * on a strided 3x3 and on a map whose rows cut the pixel panels; the input has negatives on purpose.
     */
    @ParameterizedTest(name = "cin={0} {1}x{2} cout={3} s={4}")
    @CsvSource({"19,40,37,9,1", "7,50,45,10,2", "40,12,20,5,1"})
    void fusedReluAndResidualMatchComposition(int cin, int h, int w, int cout, int stride) {
        float[] in = Check.random(30, cin * h * w);
        float[] relu = in.clone();
        Activations.reluInPlaceScalar(relu, 0, relu.length);
        MemorySegment wt = MemorySegment.ofArray(Check.random(31, cout * cin * 9));
        MemorySegment bias = MemorySegment.ofArray(Check.random(32, cout));
        int n = cout * Conv2d.outSize(h, 3, stride, 1) * Conv2d.outSize(w, 3, stride, 1);
        float[] residual = Check.random(33, n);
        float[] fused = Check.guardedCopy(residual), ref = new float[n];
        try (Parallel p = new Parallel(2)) {
            Conv2d.forward(p, in, 0, cin, h, w, true, wt, WeightType.F32, 0, bias, cout, 3, 3, stride, 1, fused, GUARD, true);
            Conv2d.forwardScalar(p, relu, 0, cin, h, w, wt, 0, bias, cout, 3, 3, stride, 1, ref, 0);
        }
        for (int i = 0; i < n; i++) ref[i] += residual[i];
        Check.close("fused conv2d", ref, 0, fused, GUARD, n, 1e-6 * (cin * 9 + 2), 1e-5);
        Check.assertGuards(fused, n);
    }

    @Test
    void outSizes() {
        org.junit.jupiter.api.Assertions.assertEquals(96, Conv2d.outSize(192, 3, 2, 1));
        org.junit.jupiter.api.Assertions.assertEquals(24, Conv2d.outSize(384, 16, 16, 0));
        org.junit.jupiter.api.Assertions.assertEquals(4, Conv2d.outSize(7, 3, 2, 1));
    }

    /** The twin by hand: 1 -> 1 channel, 3x3 ones kernel, pad 1, on [[1,2],[3,4]]: every output sees all 4 inputs. */
    @Test
    void twinOnHandValues() {
        float[] in = {1, 2, 3, 4};
        MemorySegment wt = MemorySegment.ofArray(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
        float[] out = new float[4];
        Conv2d.forwardScalar(Parallel.serial(), in, 0, 1, 2, 2, wt, 0, MemorySegment.ofArray(new float[] {0.5f}), 1, 3, 3, 1, 1, out, 0);
        Check.close("hand", new float[] {10.5f, 10.5f, 10.5f, 10.5f}, 0, out, 0, 4, 0, 0);
    }
}
