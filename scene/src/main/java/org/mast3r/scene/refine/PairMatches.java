package org.mast3r.scene.refine;

/**
 * The pixel matches of one unordered image pair (a, b): {@code xyA} [M,2] (x, y) interleaved in image a,
 * {@code xyB} [M,2] in image b, {@code conf} [M] the match confidences (MASt3R's sqrt of the two descriptor
 * confidences).
 */
public record PairMatches(int a, int b, int[] xyA, int[] xyB, float[] conf) {
    public PairMatches {
        if (xyA.length != 2 * conf.length || xyB.length != 2 * conf.length)
            throw new IllegalArgumentException("pair (" + a + ", " + b + "): xyA and xyB need [M,2] for M = " + conf.length
                    + " confidences, got " + xyA.length + " and " + xyB.length + " values");
    }
}
