package org.mast3r.kernels;

import static jdk.incubator.vector.VectorOperators.FMA;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact GELU, gelu(x) = 0.5 x (1 + erf(x / sqrt 2)) = 0.5 x erfc(-x / sqrt 2), in place on x[off, off+n).
 *
 * <p>Java has no erf, so erfc is built here in double from two least-squares Chebyshev fits made for this
 * file (numpy chebfit on 4000 Chebyshev nodes against Python's math.erf / math.erfc, relative weights):
 * <ul>
 *   <li>|z| <= 1: erf(z) = z * P(s), s = 2 z^2 - 1 in [-1, 1], degree 7, max rel error 3.4e-11;
 *   <li>|z| > 1: erfc(|z|) = exp(-z^2) * Q(s), s = (1/|z| - 0.55) / 0.45 in [-1, 1] (|z| in [1, 10]),
 *       degree 14, max rel error 1.2e-10. |z| is clamped at 10: past it (x < -14.14) gelu is a few
 *       subnormal steps (below 3e-44) and the clamp is off by at most 1.5e-44. From x = -14.5 down the
 *       result is -0 (from -14.36 on, |gelu| < 2^-150 rounds to 0), also for -inf.
 * </ul>
 * Working in erfc keeps the relative accuracy of gelu for large negative x, where 1 + erf(z) cancels.
 * Both errors sit far below float's 6e-8, so the float result is the correctly rounded value to within
 * about an ulp. The fast path runs the same formulas on double vectors, with its own exp for the tail
 * (a Taylor series after range reduction, error < 3e-13; see {@link #vectors}).
 */
public final class Gelu {
    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double CLAMP = 10;
    /** |x| past which gelu(x) is x or -0 in float. */
    private static final float A_MAX = 14.5f;
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
    /** exp in the tail fit (see {@link #vectors}): 1/ln 2, fdlibm's two-part ln 2, 1.5 * 2^52, 1/i! for i <= 10. */
    private static final double LOG2E = 1.4426950408889634, LN2_HI = 6.93147180369123816490e-01,
            LN2_LO = 1.90821492927058770002e-10, ROUNDER = 0x1.8p52;
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
    private static final double[] EXP_TAYLOR = {
        1, 1, 1 / 2.0, 1 / 6.0, 1 / 24.0, 1 / 120.0, 1 / 720.0, 1 / 5040.0, 1 / 40320.0, 1 / 362880.0, 1 / 3628800.0,
    };
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, Simd.F.vectorShape());
    /** Half-width floats: as many lanes as D, so one F2D conversion fills a double vector. */
    private static final VectorSpecies<Float> FH =
            VectorSpecies.of(float.class, VectorShape.forBitSize(Simd.F.vectorBitSize() / 2));

    private Gelu() {}

    public static void inPlace(Parallel p, float[] x, int off, int n) {
        if (!Simd.ENABLED) {
            inPlaceScalar(p, x, off, n);
            return;
        }
        p.forRange(n, 1 << 14, (s, e) -> {
            int i = s + vectors(x, off + s, e - s);
            for (; i < e; i++) x[off + i] = gelu(x[off + i]);
        });
    }

    /**
     * The fast path over whole double vectors of x[o, o+n); returns how many elements it did. Both fits are
     * evaluated and blended by |z| <= 1, as {@link #erfc(double)} picks per element.
     *
     * <p>Every vector step is written out in this one method, with no call that takes or returns a vector:
     * when C2 met erfc(DoubleVector) already compiled on its own, it refused to inline it ("callee is too
     * large"), the vectors were boxed at the call, and GELU in the flagship took 7-11 s instead of 0.4 s,
     * in some runs and not others. The two Horner chains are unrolled by hand (lowest coefficient last):
     * as loops inside this loop they ran 28% slower than the inlined helper had.
     */
    private static int vectors(float[] x, int o, int n) {
        int lanes = D.length(), i = 0;
        for (; i + lanes <= n; i += lanes) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(FH, x, o + i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector z = v.mul(-INV_SQRT2), a = z.abs();
            DoubleVector s = z.mul(z).mul(2).sub(1);
            DoubleVector small = DoubleVector.broadcast(D, ERF_SMALL[7])
                    .lanewise(FMA, s, ERF_SMALL[6]).lanewise(FMA, s, ERF_SMALL[5]).lanewise(FMA, s, ERF_SMALL[4])
                    .lanewise(FMA, s, ERF_SMALL[3]).lanewise(FMA, s, ERF_SMALL[2]).lanewise(FMA, s, ERF_SMALL[1])
                    .lanewise(FMA, s, ERF_SMALL[0]);
            small = z.mul(small).neg().add(1);
            DoubleVector cl = a.min(CLAMP), t = DoubleVector.broadcast(D, 1).div(cl).sub(0.55).div(0.45);
            DoubleVector tail = DoubleVector.broadcast(D, ERFC_SCALED[14])
                    .lanewise(FMA, t, ERFC_SCALED[13]).lanewise(FMA, t, ERFC_SCALED[12]).lanewise(FMA, t, ERFC_SCALED[11])
                    .lanewise(FMA, t, ERFC_SCALED[10]).lanewise(FMA, t, ERFC_SCALED[9]).lanewise(FMA, t, ERFC_SCALED[8])
                    .lanewise(FMA, t, ERFC_SCALED[7]).lanewise(FMA, t, ERFC_SCALED[6]).lanewise(FMA, t, ERFC_SCALED[5])
                    .lanewise(FMA, t, ERFC_SCALED[4]).lanewise(FMA, t, ERFC_SCALED[3]).lanewise(FMA, t, ERFC_SCALED[2])
                    .lanewise(FMA, t, ERFC_SCALED[1]).lanewise(FMA, t, ERFC_SCALED[0]);
            // exp(-cl^2), -cl^2 in [-100, -1]: e^x = 2^k e^r, k = round(x / ln 2) read off the low bits of
            // x/ln2 + 1.5 * 2^52, r = x - k ln2 in [-0.35, 0.35] (ln2 split in two for an exact k ln2_hi),
            // e^r by Taylor to r^10 (error < 3e-13), 2^k (k in [-145, -1]) built in the exponent bits.
            // The library EXP was half the time of this loop; the fits above are only good to 1e-10 anyway.
            DoubleVector x2 = cl.mul(cl).neg(), kt = x2.lanewise(FMA, LOG2E, ROUNDER), kd = kt.sub(ROUNDER);
            DoubleVector r = kd.lanewise(FMA, -LN2_LO, kd.lanewise(FMA, -LN2_HI, x2));
            DoubleVector er = DoubleVector.broadcast(D, EXP_TAYLOR[10])
                    .lanewise(FMA, r, EXP_TAYLOR[9]).lanewise(FMA, r, EXP_TAYLOR[8]).lanewise(FMA, r, EXP_TAYLOR[7])
                    .lanewise(FMA, r, EXP_TAYLOR[6]).lanewise(FMA, r, EXP_TAYLOR[5]).lanewise(FMA, r, EXP_TAYLOR[4])
                    .lanewise(FMA, r, EXP_TAYLOR[3]).lanewise(FMA, r, EXP_TAYLOR[2]).lanewise(FMA, r, EXP_TAYLOR[1])
                    .lanewise(FMA, r, EXP_TAYLOR[0]);
            DoubleVector pow2 = kt.reinterpretAsLongs().sub(ROUNDER_BITS - 1023).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            tail = er.mul(pow2).mul(tail);
            tail = tail.blend(tail.neg().add(2), z.compare(VectorOperators.LT, 0));
            DoubleVector erfc = tail.blend(small, a.compare(VectorOperators.LE, 1));
            DoubleVector g = v.mul(0.5).mul(erfc).blend(-0.0, v.compare(VectorOperators.LE, -A_MAX));
            ((FloatVector) g.convertShape(VectorOperators.D2F, FH, 0)).intoArray(x, o + i);
        }
        return i;
    }

    /** Scalar twin: the same erfc, one element at a time. */
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
