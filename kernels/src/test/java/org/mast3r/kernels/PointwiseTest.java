package org.mast3r.kernels;

import static org.mast3r.kernels.Check.GUARD;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Activations, Elementwise and Transpose: the small layout and pointwise ops. */
class PointwiseTest {
    @ParameterizedTest(name = "n={0}")
    @CsvSource({"0", "1", "15", "16", "33", "1000"})
    void reluMatchesTwinAndDefinition(int n) {
        float[] x = Check.random(28, n);
        float[] fast = Check.guardedCopy(x), twin = Check.guardedCopy(x);
        Activations.reluInPlace(fast, GUARD, n);
        Activations.reluInPlaceScalar(twin, GUARD, n);
        float[] ref = new float[n];
        for (int i = 0; i < n; i++) ref[i] = x[i] > 0 ? x[i] : 0f;
        Check.close("relu twin", ref, 0, twin, GUARD, n, 0, 0);
        Check.close("relu fast", twin, GUARD, fast, GUARD, n, 0, 0);
        Check.assertGuards(fast, n);
    }

    @ParameterizedTest(name = "n={0} aliased={1}")
    @CsvSource({"0,false", "1,true", "17,false", "100,true", "1031,false"})
    void addMatchesTwin(int n, boolean aliased) {
        float[] a = Check.random(29, n), b = Check.random(30, n + 4);
        float[] fast = Check.guardedCopy(a), twin = Check.guardedCopy(a);
        float[] ref = new float[n];
        for (int i = 0; i < n; i++) ref[i] = a[i] + b[i + 4];
        if (aliased) {
            Elementwise.add(fast, GUARD, b, 4, fast, GUARD, n);
            Elementwise.addScalar(twin, GUARD, b, 4, twin, GUARD, n);
        } else {
            float[] aa = fast.clone();
            Elementwise.add(aa, GUARD, b, 4, fast, GUARD, n);
            Elementwise.addScalar(aa, GUARD, b, 4, twin, GUARD, n);
        }
        Check.close("add twin", ref, 0, twin, GUARD, n, 0, 0);
        Check.close("add fast", ref, 0, fast, GUARD, n, 0, 0);
        Check.assertGuards(fast, n);
    }

    @ParameterizedTest(name = "n={0} c={1}")
    @CsvSource({"1,1", "1,7", "5,1", "33,65", "100,31", "0,3"})
    void transposeMatchesTwin(int n, int c) {
        float[] in = Check.random(31, n * c + 2);
        float[] fast = Check.guarded(n * c), twin = Check.guarded(n * c);
        Transpose.tokensToChannels(in, 2, n, c, fast, GUARD);
        Transpose.tokensToChannelsScalar(in, 2, n, c, twin, GUARD);
        Check.close("transpose", twin, GUARD, fast, GUARD, n * c, 0, 0);
        Check.assertGuards(fast, n * c);
        if (n > 1 && c > 1) Check.close("transpose [1,0]", in, 2 + 1, twin, GUARD + n, 1, 0, 0); // out[1,0] = in[0,1]
    }
}
