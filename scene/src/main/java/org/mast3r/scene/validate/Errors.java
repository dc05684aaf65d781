package org.mast3r.scene.validate;

import java.util.Arrays;

/** The error measures the fixtures' tolerances are written in. */
final class Errors {
    private Errors() {}

    /** max|got - ref| / max|ref|. */
    static double maxRel(float[] ref, float[] got) {
        double maxRef = 0, maxErr = 0;
        for (int i = 0; i < ref.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            maxErr = Math.max(maxErr, Math.abs(got[i] - ref[i]));
        }
        return maxErr / maxRef;
    }

    /**
     * The float16 rule: the worst of (|got - ref16| - 2^-10 |ref16|) / max|ref16|, which must stay within the
     * tolerance (negative when every element is inside the half-precision rounding alone).
     */
    static double f16Excess(float[] ref, float[] got) {
        double maxRef = 0, worst = Double.NEGATIVE_INFINITY;
        for (float r : ref) maxRef = Math.max(maxRef, Math.abs(r));
        for (int i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]) - Math.scalb(Math.abs(ref[i]), -10));
        return worst / maxRef;
    }

    /** Quantile q of |s got - ref| / |ref| over the elements. */
    static double relQuantile(float[] ref, float[] got, double s, double q) {
        double[] e = new double[ref.length];
        for (int i = 0; i < ref.length; i++) e[i] = Math.abs(s * got[i] - ref[i]) / Math.abs(ref[i]);
        Arrays.sort(e);
        return e[(int) Math.min(e.length - 1, Math.floor(q * (e.length - 1) + 0.5))];
    }

    static double rel(double ref, double got) {
        return Math.abs(got - ref) / Math.abs(ref);
    }
}
