package org.mast3r.matching;

/**
 * Correspondences as flat pixel indices ({@code y*W + x}), de-duplicated and sorted by (idx1, idx2).
 * {@code firstIndex[k]} is where pair k first occurred in the input of {@link MergeCorres#merge}.
 */
public record Pairs(int[] idx1, int[] idx2, int[] firstIndex) {
    public int size() {
        return idx1.length;
    }

    /** {@code [M, 2]} (x, y) pixel coordinates of {@code idx} in a map {@code w} pixels wide. */
    public static int[] toXy(int[] idx, int w) {
        int[] xy = new int[idx.length * 2];
        for (int k = 0; k < idx.length; k++) {
            xy[2 * k] = idx[k] % w;
            xy[2 * k + 1] = idx[k] / w;
        }
        return xy;
    }
}
