package org.mast3r.scene.align;

import java.util.List;

/**
 * Everything sparse global alignment reads, at network resolution.
 *
 * @param heights     [N] image heights
 * @param widths      [N] image widths
 * @param pairs       the ordered pairs (a, b) in the scene graph's order, symmetrised: for every (a, b) the
 *                    list also holds (b, a)
 * @param predictions one decoder pass per ordered pair, in the order of {@code pairs}; may be a lazy list that
 *                    reads each pass from a pair store on {@code get}, so a consumer reads what it needs
 *                    and does not keep every pass (50 images make gigabytes of pointmaps)
 * @param matches     one entry per unordered pair, oriented as the pair's first occurrence in {@code pairs}
 */
public record AlignmentInput(int[] heights, int[] widths, List<int[]> pairs, List<PairPrediction> predictions,
                             List<PairCorrespondences> matches) {
    public int images() {
        return heights.length;
    }
}
