package org.mast3r.kernels;

/**
 * Per-pixel maps that turn a head's raw channels [C, H, W] into outputs laid out [H, W, ...]:
 * radial depth regression, bounded confidences and unit descriptors. Plain loops: these run once per
 * view over H*W pixels and are memory-bound.
 */
public final class DenseMaps {
    private DenseMaps() {}

    /** How |v| maps to the distance of the point: v / |v| * f(|v|). */
    public enum Radial { LINEAR, SQUARE, EXP }

    /**
     * out[p, 0..3) from channels c0..c0+2 of raw [C, H*W]: v / max(|v|, 1e-8) * f(|v|), f = expm1 for
     * EXP, d^2 for SQUARE; LINEAR copies v (the unbounded case).
     */
    // ref: naver/dust3r 4c24a6e dust3r/heads/postprocess.py reg_dense_depth
    public static void radial(float[] raw, int c0, int pixels, Radial mode, float[] out) {
        for (int p = 0; p < pixels; p++) {
            float x = raw[c0 * pixels + p], y = raw[(c0 + 1) * pixels + p], z = raw[(c0 + 2) * pixels + p];
            float d = (float) Math.sqrt((double) x * x + (double) y * y + (double) z * z);
            if (mode == Radial.LINEAR) {
                out[3 * p] = x;
                out[3 * p + 1] = y;
                out[3 * p + 2] = z;
                continue;
            }
            float clipped = Math.max(d, 1e-8f), s = mode == Radial.EXP ? (float) Math.expm1(d) : d * d;
            out[3 * p] = x / clipped * s;
            out[3 * p + 1] = y / clipped * s;
            out[3 * p + 2] = z / clipped * s;
        }
    }

    /** out[p] = vmin + min(exp(raw[c, p]), vmax - vmin): the 'exp' confidence. */
    // ref: naver/dust3r 4c24a6e dust3r/heads/postprocess.py reg_dense_conf
    public static void expConfidence(float[] raw, int c, int pixels, float vmin, float vmax, float[] out) {
        for (int p = 0; p < pixels; p++) {
            out[p] = vmin + Math.min((float) Math.exp(raw[c * pixels + p]), vmax - vmin);
        }
    }

    /** out[p] = (vmax - vmin) * sigmoid(raw[c, p]) + vmin: the 'sigmoid' confidence. */
    public static void sigmoidConfidence(float[] raw, int c, int pixels, float vmin, float vmax, float[] out) {
        for (int p = 0; p < pixels; p++) {
            float s = (float) (1.0 / (1.0 + Math.exp(-raw[c * pixels + p])));
            out[p] = (vmax - vmin) * s + vmin;
        }
    }

    /** out[p, 0..d) = raw[c0..c0+d, p] / |raw[c0..c0+d, p]| (no epsilon, as the reference). */
    // ref: naver/mast3r f5209af mast3r/catmlp_dpt_head.py reg_desc
    public static void unitVectors(float[] raw, int c0, int d, int pixels, float[] out) {
        for (int p = 0; p < pixels; p++) {
            double ss = 0;
            for (int j = 0; j < d; j++) {
                float v = raw[(c0 + j) * pixels + p];
                ss += (double) v * v;
            }
            float norm = (float) Math.sqrt(ss);
            for (int j = 0; j < d; j++) out[p * d + j] = raw[(c0 + j) * pixels + p] / norm;
        }
    }
}
