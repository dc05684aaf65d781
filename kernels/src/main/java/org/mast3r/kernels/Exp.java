package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x on float vectors for the softmaxes, built from adds, multiplies and FMAs only, so it gives the same
 * bits whether or not C2 has compiled the caller. The Vector API's {@code lanewise(EXP)} does not: compiled
 * it is SVML, interpreted a scalar loop, and the two differ in the last bit, which made a model's first pass
 * differ from its later ones.
 *
 * <p>x = k ln2 + r with k = round(x / ln2) (taken from the low bits of x/ln2 + 1.5 * 2^23) and r in
 * [-ln2/2, ln2/2] (ln2 split in two, the high part exact in 9 bits so k * LN2_HI is exact); e^r by its Taylor
 * series to r^7 (truncation below 6e-9 relative), 2^k put in the exponent field. x is clamped to [-87, 88]:
 * below, e^x is under 2^-126 (1.2e-38) and comes out as 2^-126 times e^r, which a softmax cannot tell from 0;
 * above, float overflows. Measured against Math.exp: within 2 ulp (see ExpTest).
 */
final class Exp {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUNDER = 0x1.8p23f, LO = -87f, HI = 88f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    private Exp() {}

    /** e^x per lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(LO).min(HI);
        FloatVector t = c.lanewise(VectorOperators.FMA, LOG2E, ROUNDER), k = t.sub(ROUNDER);
        FloatVector r = k.lanewise(VectorOperators.FMA, -LN2_HI, c);
        r = k.lanewise(VectorOperators.FMA, -LN2_LO, r);
        FloatVector p = FloatVector.broadcast(F, 1f / 5040)
                .lanewise(VectorOperators.FMA, r, 1f / 720).lanewise(VectorOperators.FMA, r, 1f / 120)
                .lanewise(VectorOperators.FMA, r, 1f / 24).lanewise(VectorOperators.FMA, r, 1f / 6)
                .lanewise(VectorOperators.FMA, r, 0.5f).lanewise(VectorOperators.FMA, r, 1f)
                .lanewise(VectorOperators.FMA, r, 1f);
        IntVector bits = t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }
}
