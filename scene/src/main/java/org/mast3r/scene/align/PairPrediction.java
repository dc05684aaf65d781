package org.mast3r.scene.align;

/**
 * One decoder pass of the ordered pair (a, b) with image a as view 1, at network resolution: what the
 * reference caches as {@code forward/<a>/<b>.pth} (X11, C11, X21, C21). Only the subsampled X21 is kept,
 * since the alignment reads it only there.
 *
 * @param x11    [Ha, Wa, 3] image a's pointmap in camera a's frame
 * @param c11    [Ha, Wa] its confidence
 * @param x21Sub [ceil(Hb/s), ceil(Wb/s), 3] image b's pointmap in camera a's frame at rows and columns 0, s, 2s, ...
 * @param c21Sub [ceil(Hb/s), ceil(Wb/s)] its confidence
 * <p>X21 and C21 may be NaN where they were not computed: the alignment reads them only for the DUSt3R fallback
 * of a pair without a confident match.
 */
// ref: mast3r/cloud_opt/sparse_ga.py forward_mast3r (naver/mast3r f5209af)
public record PairPrediction(int a, int b, float[] x11, float[] c11, float[] x21Sub, float[] c21Sub) {}
