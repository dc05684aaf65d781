package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Elementwise binary ops over n contiguous floats; out may alias either input (residual adds). */
public final class Elementwise {
    private static final VectorSpecies<Float> F = Simd.F;

    private Elementwise() {}

    /** out = a + b. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (!Simd.ENABLED) {
            addScalar(a, aOff, b, bOff, out, outOff, n);
            return;
        }
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, a, aOff + i).add(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        addScalar(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    /** Scalar twin. */
    public static void addScalar(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
}
