package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2D rotary position embedding, in place on q or k: token t's heads*headDim values start at
 * off + t*rowStride (so x may be a slice of a fused qkv buffer). Per head, the first half of headDim is
 * rotated by the token's y, the second half by its x. Within a half of size m with quarters (a, b) of size
 * m/2: out = (a cos - b sin, b cos + a sin), angle_j = pos * inv_freq_j, inv_freq_j = 1 / base^(2j/m).
 *
 * <p>ref: naver/croco models/pos_embed.py RoPE2D (get_cos_sin, rotate_half, apply_rope1d). Torch builds
 * inv_freq, pos * inv_freq and cos/sin in float32, so {@link #angle} rounds to float at the same steps;
 * cos/sin of that float angle are taken in double and rounded once.
 */
public final class Rope2d {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;

    private Rope2d() {}

    /** Tokens are split over p's threads (each token's rows are independent). */
    public static void apply(Parallel p, float[] x, int off, int tokens, int rowStride, int heads, int headDim,
                             int[] posY, int[] posX, double base) {
        if (!Simd.ENABLED) {
            applyScalar(x, off, tokens, rowStride, heads, headDim, posY, posX, base);
            return;
        }
        int m = headDim / 2, q = m / 2;
        int maxPos = 0;
        for (int t = 0; t < tokens; t++) maxPos = Math.max(maxPos, Math.max(posY[t], posX[t]));
        float[] cos = new float[(maxPos + 1) * q], sin = new float[(maxPos + 1) * q];
        tables(maxPos, m, base, cos, sin);
        int vEnd = F.loopBound(q);
        p.forRange(tokens, 32, (s, e) -> {
            for (int t = s; t < e; t++) {
                for (int h = 0; h < heads; h++) {
                    int o = off + t * rowStride + h * headDim;
                    rotate(x, o, q, vEnd, cos, sin, posY[t] * q);
                    rotate(x, o + m, q, vEnd, cos, sin, posX[t] * q);
                }
            }
        });
    }

    /**
     * cos / sin of {@link #angle} for positions [0, maxPos] of a half of size m: tables [pos * (m/2) + j].
     * The second quarter repeats the same values, so m/2 per position suffice.
     */
    public static void tables(int maxPos, int m, double base, float[] cos, float[] sin) {
        int q = m / 2;
        for (int pos = 0; pos <= maxPos; pos++) {
            for (int j = 0; j < q; j++) {
                float a = angle(pos, j, m, base);
                cos[pos * q + j] = (float) Math.cos(a);
                sin[pos * q + j] = (float) Math.sin(a);
            }
        }
    }

    /** Quarters a = x[o, o+q), b = x[o+q, o+2q) -> (a cos - b sin, b cos + a sin) with the tables at tab. */
    private static void rotate(float[] x, int o, int q, int vEnd, float[] cos, float[] sin, int tab) {
        int j = 0;
        for (; j < vEnd; j += L) {
            FloatVector a = FloatVector.fromArray(F, x, o + j), b = FloatVector.fromArray(F, x, o + q + j);
            FloatVector c = FloatVector.fromArray(F, cos, tab + j), s = FloatVector.fromArray(F, sin, tab + j);
            // two rounded products then a sum, as torch's t*cos + rotate_half(t)*sin (no fused multiply-add)
            a.mul(c).sub(b.mul(s)).intoArray(x, o + j);
            b.mul(c).add(a.mul(s)).intoArray(x, o + q + j);
        }
        for (; j < q; j++) {
            float a = x[o + j], b = x[o + q + j], c = cos[tab + j], s = sin[tab + j];
            x[o + j] = a * c - b * s;
            x[o + q + j] = b * c + a * s;
        }
    }

    /** Scalar twin: cos/sin recomputed per element, no tables. */
    public static void applyScalar(float[] x, int off, int tokens, int rowStride, int heads, int headDim,
                                   int[] posY, int[] posX, double base) {
        int m = headDim / 2, q = m / 2;
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < heads; h++) {
                for (int half = 0; half < 2; half++) {
                    int o = off + t * rowStride + h * headDim + half * m;
                    int pos = half == 0 ? posY[t] : posX[t];
                    for (int j = 0; j < q; j++) {
                        float ang = angle(pos, j, m, base);
                        float c = (float) Math.cos(ang), s = (float) Math.sin(ang);
                        float a = x[o + j], b = x[o + q + j];
                        x[o + j] = a * c - b * s;
                        x[o + q + j] = b * c + a * s;
                    }
                }
            }
        }
    }

    /** pos * inv_freq_j in float32 as torch: inv_freq = 1 / base ** (float(2j) / m), each step rounded. */
    static float angle(int pos, int j, int m, double base) {
        float exponent = (float) (2 * j) / (float) m;
        float invFreq = 1f / (float) Math.pow((float) base, exponent);
        return (float) pos * invFreq;
    }
}
