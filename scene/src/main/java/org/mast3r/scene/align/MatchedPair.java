package org.mast3r.scene.align;

/**
 * One ordered pair of the scene graph as the losses see it: rows {@code start1 ..} of image 1's anchors
 * and rows {@code start2 ..} of image 2's anchors are the same {@code conf.length} matches.
 */
// ref: mast3r/cloud_opt/sparse_ga.py PairOfSlices (naver/mast3r f5209af)
public record MatchedPair(int img1, int start1, int img2, int start2, double[] conf) {
    public int count() {
        return conf.length;
    }

    /** The reference's matching_check: a pair joins the matching losses when its best match beats the threshold. */
    public boolean matchingOk(double threshold) {
        double max = Double.NEGATIVE_INFINITY;
        for (double c : conf) max = Math.max(max, c);
        return max > threshold;
    }
}
