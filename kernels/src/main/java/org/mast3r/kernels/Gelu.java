package org.mast3r.kernels;

import static jdk.incubator.vector.VectorOperators.FMA;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact GELU, gelu(x) = 0.5 x (1 + erf(x / sqrt 2)) = x Phi(x), in place on x[off, off+n).
 *
 * <p>The scalar twin is the spec: erfc in double from two least-squares Chebyshev fits made for this file
 * (numpy chebfit on 4000 Chebyshev nodes against Python's math.erf / math.erfc, relative weights):
 * <ul>
 *   <li>|z| <= 1: erf(z) = z * P(s), s = 2 z^2 - 1 in [-1, 1], degree 7, max rel error 3.4e-11;
 *   <li>|z| > 1: erfc(|z|) = exp(-z^2) * Q(s), s = (1/|z| - 0.55) / 0.45 in [-1, 1] (|z| in [1, 10]),
 *       degree 14, max rel error 1.2e-10. |z| is clamped at 10: past it (x < -14.14) gelu is a few
 *       subnormal steps (below 3e-44) and the clamp is off by at most 1.5e-44. From x = -14.5 down the
 *       result is -0 (from -14.36 on, |gelu| < 2^-150 rounds to 0), also for -inf.
 * </ul>
 * Working in erfc keeps the relative accuracy of gelu for large negative x, where 1 + erf(z) cancels.
 * Both errors sit far below float's 6e-8, so the float result is the correctly rounded value to within
 * about an ulp.
 *
 * <p>The fast path ({@link #vectors}) works in float vectors from its own fit, of the tail probability
 * q(a) = Phi(-a), a = |x|, which never cancels: gelu(x) = -a q(a) for x < 0 and x - a q(a) for x >= 0
 * (q <= 1/2 there, so the subtraction keeps q's relative error or shrinks it). With u = a / (1 + 0.4 a),
 * in [0, 2.13) for a in [0, 14.5],
 * <pre>  a q(a) = u P(u) e^(-a^2/2),   P(u) = q(a) e^(a^2/2) (1 + 0.4 a)</pre>
 * P is smooth and flat (0.5 at a = 0, 0.4/sqrt(2 pi) = 0.16 as a grows): a degree-9 polynomial fitted for
 * this file by Lawson's iteration (minimax with relative weights) on 4000 Chebyshev nodes against mpmath's
 * ncdf, its coefficients rounded to float one at a time with the rest refitted: max rel error 1.8e-8.
 * e^(-a^2/2) = 2^k e^r is exp's usual range reduction, in float with the rounding errors kept: -a^2/2 =
 * y + ylo exactly (ylo by FMA), k = round(y / ln2), r = (y - k ln2_hi) + (ylo - k ln2_lo) where the first
 * part is exact (ln2_hi has 15 bits, k 8), so r is rounded once. e^r = 1 + r + r^2 E(r), E of degree 4
 * fitted the same way for |r| <= ln2/2 + 0.001 against numpy's expm1: max rel error 9.9e-9 on e^r.
 *
 * <p>What is left is float rounding, about five steps of 2^-24. Measured over every float in [-15, 15]
 * against the twin before rounding (a continued fraction for erfc below x = -10): max rel error 2.65e-7 (2.22 x 2^-23; up to 3.6 ulps of a result just
 * below a power of two) where |gelu| >= 2^-126. Below that (x < -13.15) results are subnormal, within
 * 2.9e-45 (2^k is applied as 2^(k+64) * 2^-64, so only the last multiply rounds to a subnormal). a is
 * clamped to 14.5, where a q(a) = 8.8e-47 rounds to 0: x <= -14.5 and -inf give -0; x > 5.42 (q < 2^-25)
 * and +inf give x; NaN gives NaN. Every float outside [-15, 15] was checked to give -0 or x.
 */
public final class Gelu {
    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double CLAMP = 10;
    /** erf(z) / z as a polynomial in s = 2 z^2 - 1, lowest degree first. */
    private static final double[] ERF_SMALL = {
        0.9654687386380526, -0.1405360890482929, 0.019852497713716125, -0.00228548539398765,
        0.00021751201396690044, -1.753735165746254e-05, 1.2316240179212735e-06, -7.52734068428581e-08,
    };
    /** erfc(a) exp(a^2) as a polynomial in s = (1/a - 0.55) / 0.45, lowest degree first. */
    private static final double[] ERFC_SCALED = {
        0.2762943828191911, 0.18397535226606598, -0.03670013529519849, 0.003073786906188745,
        0.001845142292791932, -0.0012830899890667064, 0.00046883318005478845, -8.439482727650485e-05,
        -2.6535824658182876e-05, 3.1869458272437016e-05, -1.838685676868903e-05, 1.0536781978227763e-05,
        -2.6312139206501156e-06, -2.768864224426449e-06, 1.6153710490147262e-06,
    };
    /** |x| past which gelu(x) is x or -0 in float; the fast path clamps a = |x| here. */
    private static final float A_MAX = 14.5f;
    /** u = a / (1 + U_C a). */
    private static final float U_C = 0.4f;
    /** P(u), lowest degree first (see the class comment). */
    private static final float P0 = 5e-1f, P1 = -1.9894275e-1f, P2 = 1.0854813e-2f, P3 = 7.4721156e-3f,
            P4 = 5.7281164e-4f, P5 = -6.117659e-4f, P6 = 2.24673e-4f, P7 = -2.0465173e-4f, P8 = 7.3143536e-5f,
            P9 = -8.34781e-6f;
    /** E(r) = (e^r - 1 - r) / r^2, lowest degree first. */
    private static final float E0 = 5e-1f, E1 = 1.6666578e-1f, E2 = 4.1666724e-2f, E3 = 8.363149e-3f,
            E4 = 1.3908999e-3f;
    /**
     * 1/ln 2; ln 2 = LN2_HI + LN2_LO with LN2_HI = 0x1.62e4p-1 (15 bits); 1.5 * 2^23, whose float spacing is
     * 1, so y / ln2 + ROUNDER rounds to the integer k and holds it in its low mantissa bits.
     */
    private static final float LOG2E = 1.442695f, LN2_HI = 0x1.62e4p-1f, LN2_LO = 1.4286068e-6f, ROUNDER = 0x1.8p23f;
    /** 2^(k + 64) as float bits is (k + 127 + 64) << 23; ROUNDER's bits add only bits that the shift drops. */
    private static final int POW2_BIAS = 127 + 64;
    private static final VectorSpecies<Float> F = Simd.F;

    private Gelu() {}

    public static void inPlace(Parallel p, float[] x, int off, int n) {
        if (!Simd.ENABLED) {
            inPlaceScalar(p, x, off, n);
            return;
        }
        // split on whole vectors, so which elements take the scalar tail does not depend on the threads
        int lanes = F.length();
        p.forRange(Math.ceilDiv(n, lanes), (1 << 14) / lanes, (s, e) -> {
            int from = s * lanes;
            inPlace(x, off + from, (int) Math.min((long) e * lanes, n) - from);
        });
    }

    /** The fast path on the calling thread, for a range too small to split (such as one row of a GEMM tile). */
    public static void inPlace(float[] x, int off, int n) {
        int i = Simd.ENABLED ? vectors(x, off, n) : 0;
        for (; i < n; i++) x[off + i] = gelu(x[off + i]);
    }

    /**
     * The fast path over whole float vectors of x[o, o+n); returns how many elements it did.
     *
     * <p>Every vector step is written out in this one method, with no call that takes or returns a vector:
     * when C2 met a vector helper already compiled on its own, it refused to inline it ("callee is too
     * large"), the vectors were boxed at the call, and GELU in the flagship took 7-11 s instead of 0.4 s,
     * in some runs and not others. The Horner chains are unrolled by hand (highest coefficient first).
     */
    private static int vectors(float[] x, int o, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, o + i), a = v.abs();
            a = a.blend(A_MAX, a.compare(VectorOperators.GT, A_MAX)); // NaN stays NaN
            // -a^2/2 = y + ylo exactly; k = round(y / ln2); r = y - k ln2 + ylo, |r| <= ln2/2
            FloatVector nh = a.mul(-0.5f), y = nh.mul(a), ylo = nh.lanewise(FMA, a, y.neg());
            FloatVector kt = y.lanewise(FMA, LOG2E, ROUNDER), k = kt.sub(ROUNDER);
            FloatVector r = k.lanewise(FMA, -LN2_HI, y).add(k.lanewise(FMA, -LN2_LO, ylo));
            // e^r - 1 = r + r^2 E(r)
            FloatVector em1 = FloatVector.broadcast(F, E4).lanewise(FMA, r, E3).lanewise(FMA, r, E2)
                    .lanewise(FMA, r, E1).lanewise(FMA, r, E0).lanewise(FMA, r.mul(r), r);
            FloatVector pow2 = kt.reinterpretAsInts().add(POW2_BIAS).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            FloatVector u = a.div(a.lanewise(FMA, U_C, 1f));
            FloatVector pu = FloatVector.broadcast(F, P9).lanewise(FMA, u, P8).lanewise(FMA, u, P7)
                    .lanewise(FMA, u, P6).lanewise(FMA, u, P5).lanewise(FMA, u, P4).lanewise(FMA, u, P3)
                    .lanewise(FMA, u, P2).lanewise(FMA, u, P1).lanewise(FMA, u, P0);
            // a q(a) = u P(u) e^r 2^(k+64) 2^-64, e^r in one FMA as 1 + (e^r - 1); only the last product may
            // round to a subnormal
            FloatVector up = u.mul(pu), aq = up.lanewise(FMA, em1, up).mul(pow2).mul(0x1p-64f);
            v.blend(-0f, v.compare(VectorOperators.LT, 0)).sub(aq).intoArray(x, o + i);
        }
        return i;
    }

    /** Scalar twin, the spec: erfc in double, one element at a time. */
    public static void inPlaceScalar(Parallel p, float[] x, int off, int n) {
        for (int i = 0; i < n; i++) x[off + i] = gelu(x[off + i]);
    }

    static float gelu(float x) {
        if (x <= -A_MAX) return -0f; // erfc's clamp would give x erfc(10) / 2 there, and -inf at -inf
        return (float) (0.5 * x * erfc(-x * INV_SQRT2));
    }

    /** erfc(z) in double, relative error ~1e-10 (see the class comment). */
    static double erfc(double z) {
        double a = Math.abs(z);
        if (a <= 1) return 1 - z * horner(ERF_SMALL, 2 * z * z - 1);
        double c = Math.min(a, CLAMP);
        double r = Math.exp(-c * c) * horner(ERFC_SCALED, (1 / c - 0.55) / 0.45);
        return z < 0 ? 2 - r : r;
    }

    private static double horner(double[] c, double s) {
        double r = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) r = Math.fma(r, s, c[i]);
        return r;
    }
}
