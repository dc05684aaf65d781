package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x on float vectors for the softmaxes (x <= 0 there: scores minus their running max), built from adds,
 * multiplies and FMAs only. Besides being faster, it gives the same bits whether or not C2 has compiled the
 * caller; the Vector API's {@code lanewise(EXP)} does not (compiled it is SVML, interpreted a scalar loop,
 * and the two differ in the last bit), which made a model's first pass differ from its later ones.
 */
final class Exp {
    private static final VectorSpecies<Float> F = Simd.F;
    /** exp's range: e^-87.3 is about 2^-126, the smallest normal float. */
    private static final float EXP_MIN = -87.3f;
    /** log2(e), and ln(2) split in two floats (HI + LO = ln 2 to about 2^-53) for the range reduction. */
    private static final float LOG2E = 0x1.715476p0f, LN2_HI = 0x1.62e430p-1f, LN2_LO = -0x1.05c610p-29f;
    /** 1.5 * 2^23: t + ROUND has t rounded to an integer in its low mantissa bits (for |t| < 2^22). */
    private static final float ROUND = 0x1.8p23f;
    /** e^r ~ E0 + r*(E1 + r*(E2 + ...)) on [-ln2/2, ln2/2], relative error 1.9e-9: a Remez minimax fit. */
    private static final float E0 = 1f, E1 = 1f, E2 = 0x1.fffffap-2f, E3 = 0x1.55540ap-3f, E4 = 0x1.55589ap-5f,
            E5 = 0x1.126d0cp-7f, E6 = 0x1.6ab980p-10f;

    private Exp() {}

    /**
     * exp(x) lanewise for x <= 0 (NaN stays NaN), within 2 ulp: x is clamped to EXP_MIN so the
     * result stays a normal float (about 2^-126 stands for anything smaller, below float resolution next
     * to the row's max term 1), split as x = n ln2 + r with n = round(x log2 e) and |r| <= ln2/2 (the
     * product n ln2 taken in two parts, so r keeps its bits), e^r from the polynomial and 2^n built in the
     * exponent bits. Branch-free, 16 vector operations, where VectorOperators.EXP took about 25 cycles a
     * vector (14 % of the attention time); small enough that C2 inlines it, so no vector is ever boxed.
     */
    static FloatVector exp(FloatVector x) {
        x = x.blend(EXP_MIN, x.lt(EXP_MIN)); // not max(): Java's max is 5 instructions on x86
        FloatVector z = x.mul(LOG2E).add(ROUND), n = z.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(E6, E5).fma(r, FloatVector.broadcast(F, E4));
        p = p.fma(r, FloatVector.broadcast(F, E3)).fma(r, FloatVector.broadcast(F, E2));
        p = p.fma(r, FloatVector.broadcast(F, E1)).fma(r, FloatVector.broadcast(F, E0));
        // the low bits of z hold n: (n + 127) << 23 is 2^n as float bits
        FloatVector pow = z.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(pow);
    }
}
