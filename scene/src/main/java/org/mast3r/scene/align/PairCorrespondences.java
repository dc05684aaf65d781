package org.mast3r.scene.align;

/**
 * The matches of one unordered pair, oriented (a, b): {@code xyA} in image a, {@code xyB} in image b,
 * both [M, 2] (x, y) interleaved at network resolution, sorted as merge_corres sorts them;
 * {@code conf} [M] = sqrt(desc_conf_a * desc_conf_b); {@code score} is the cached (conf_score, sum(conf), M),
 * of which the alignment uses only M
 * (null where nobody cached one: the bundle adjustment reads only the matches).
 */
// ref: mast3r/cloud_opt/sparse_ga.py extract_correspondences, forward_mast3r (naver/mast3r f5209af)
public record PairCorrespondences(int a, int b, int[] xyA, int[] xyB, float[] conf, double[] score) {
    public PairCorrespondences {
        if (xyA.length != 2 * conf.length || xyB.length != 2 * conf.length)
            throw new IllegalArgumentException("pair (" + a + ", " + b + "): xyA and xyB need [M,2] for M = " + conf.length
                    + " confidences, got " + xyA.length + " and " + xyB.length + " values");
    }

    public int count() {
        return conf.length;
    }

    /** The same matches seen from b: what forward_mast3r writes for the reverse pair. */
    public PairCorrespondences reversed() {
        return new PairCorrespondences(b, a, xyB, xyA, conf, score);
    }
}
