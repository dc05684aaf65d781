package org.mast3r.tools;

/**
 * Round-to-nearest-even of a float to a binary format with {@code mantissaBits} stored mantissa bits
 * (10: IEEE binary16, 7: bfloat16), written from the definition: the value over its quantum is an exact
 * double, Math.rint rounds it half to even, overflow past the largest finite value gives infinity.
 */
final class RoundingReference {
    private RoundingReference() {}

    static float round(float v, int mantissaBits) {
        if (Float.isNaN(v) || Float.isInfinite(v) || v == 0) return v;
        int minExp = mantissaBits == 10 ? -14 : -126, maxExp = mantissaBits == 10 ? 15 : 127;
        int e = Math.max(Math.getExponent(v), minExp);
        double quantum = Math.scalb(1.0, e - mantissaBits);
        double q = Math.rint(v / quantum) * quantum;
        double max = Math.scalb(2.0 - Math.scalb(1.0, -mantissaBits), maxExp);
        if (Math.abs(q) > max) return v > 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        return (float) q;
    }
}
