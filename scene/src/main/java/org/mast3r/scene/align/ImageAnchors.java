package org.mast3r.scene.align;

/**
 * Every matched pixel of one image, grouped by partner image, each tied to its anchor (the centre of its
 * s x s block) by a relative depth: the points the alignment moves are anchor depth x offset along the
 * pixel's ray.
 *
 * @param pixels       [M, 2] (x, y) interleaved
 * @param anchor       [M] block index (y / s) * (W / s) + x / s
 * @param offset       [M] canon2[y, x] / canon2[anchor centre]
 * @param partners     the partner images in the order of their slices
 * @param partnerStart [partners + 1] row ranges: partner p owns rows partnerStart[p] .. partnerStart[p+1]
 */
// ref: mast3r/cloud_opt/sparse_ga.py anchor_depth_offsets, condense_data (naver/mast3r f5209af)
public record ImageAnchors(int[] pixels, int[] anchor, float[] offset, int[] partners, int[] partnerStart) {
    public int count() {
        return anchor.length;
    }

    /** The first row of partner image {@code j}'s matches, or -1 when {@code j} is no partner. */
    public int start(int j) {
        for (int p = 0; p < partners.length; p++) if (partners[p] == j) return partnerStart[p];
        return -1;
    }

    /** The other image of each row (the fixture's {@code anchors.<k>.other_image}). */
    public int[] otherImage() {
        int[] out = new int[count()];
        for (int p = 0; p < partners.length; p++) {
            for (int r = partnerStart[p]; r < partnerStart[p + 1]; r++) out[r] = partners[p];
        }
        return out;
    }
}
