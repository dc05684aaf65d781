package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Pointwise activations in place on x[off, off+n) (GELU, which needs erf, has its own file). */
public final class Activations {
    private static final VectorSpecies<Float> F = Simd.F;

    private Activations() {}

    /** x = max(x, 0). */
    public static void reluInPlace(float[] x, int off, int n) {
        if (!Simd.ENABLED) {
            reluInPlaceScalar(x, off, n);
            return;
        }
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, x, off + i).max(0f).intoArray(x, off + i);
        }
        reluInPlaceScalar(x, off + i, n - i);
    }

    /** Scalar twin; NaN stays NaN as with torch.relu. */
    public static void reluInPlaceScalar(float[] x, int off, int n) {
        for (int i = 0; i < n; i++) x[off + i] = Math.max(x[off + i], 0f);
    }
}
