package org.mast3r.matching;

/**
 * Coarse-to-fine crop selection for large images: both images are tiled with overlapping windows (long
 * side {@code maxdim}, a multiple of 16, {@code overlap} between neighbours); each window of one image
 * that holds coarse matches is paired with the window of the other image covering where they land
 * ({@link CellScoring}); a greedy cover picks pairs until 90% of the match weight is covered
 * ({@link GreedyCover}). Each chosen pair is then run through the network at window resolution and
 * matched with the pixel-tolerance variant; {@link #toFullResolution} maps those matches back.
 *
 * <p>Cells are int[n*4] {@code [x0, y0, x1, y1]} with exclusive ends; image sizes are (H, W); positions
 * are {@code [N, 2]} (x, y) float64.
 * // ref: mast3r/utils/coarse_to_fine.py select_pairs_of_crops; visloc.py (coarse_to_fine branch)
 */
public final class CoarseToFine {
    /** The coverage the greedy cover stops at. */
    public static final double TARGET = 0.9;
    /** Windows with fewer coarse matches are not candidates. */
    public static final int MIN_CORRES = 10;

    /**
     * The chosen pairs in yield order ({@code cropsQ[i]} in the first image with {@code cropsB[i]} in the
     * second, int[P*4]), plus what led there: {@code greedyOrder} [P] indices into the candidate list
     * (first-image windows first, then second-image windows), per candidate weight sums and counts of
     * matches with weight > 0.
     */
    public record CropPairs(int[] cropsQ, int[] cropsB, int[] greedyOrder, double[] candidateWeightSum, int[] candidateAssigned) {
        public int size() {
            return greedyOrder.length;
        }
    }

    private CoarseToFine() {}

    /**
     * {@code select_pairs_of_crops(img_q, img_b, pos2d_in_query, pos2d_in_ref, maxdim, overlap,
     * forced_resolution=[forcedQ, forcedB])}; {@code forcedQ}/{@code forcedB} are (H, W).
     */
    public static CropPairs selectPairsOfCrops(int hq, int wq, int hb, int wb, double[] posQ, double[] posB,
                                               int maxdim, double overlap, int[] forcedQ, int[] forcedB) {
        int[] gridQ = WindowNorm.normalize(WindowNorm.toDoubles(OverlappingGrid.make(hq, wq, maxdim, overlap)), hq, wq, forcedQ);
        int[] gridB = WindowNorm.normalize(WindowNorm.toDoubles(OverlappingGrid.make(hb, wb, maxdim, overlap)), hb, wb, forcedB);
        CellScoring.Scored fromQ = CellScoring.score(gridQ, hb, wb, posQ, posB, MIN_CORRES, forcedB);
        CellScoring.Scored fromB = CellScoring.score(gridB, hq, wq, posB, posQ, MIN_CORRES, forcedQ);
        // candidates: query windows (cell1 in Q) then map windows (their partner cell2 is in Q)
        int m = fromQ.size() + fromB.size();
        int[] candQ = concat(fromQ.cell1(), fromB.cell2());
        int[] candB = concat(fromQ.cell2(), fromB.cell1());
        double[][] weights = new double[m][];
        System.arraycopy(fromQ.weights(), 0, weights, 0, fromQ.size());
        System.arraycopy(fromB.weights(), 0, weights, fromQ.size(), fromB.size());
        int[] order = GreedyCover.select(weights, TARGET);
        int[] cropsQ = new int[order.length * 4], cropsB = new int[order.length * 4];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(candQ, 4 * order[i], cropsQ, 4 * i, 4);
            System.arraycopy(candB, 4 * order[i], cropsB, 4 * i, 4);
        }
        int[] assigned = new int[m];
        for (int r = 0; r < m; r++) for (double v : weights[r]) if (v > 0) assigned[r]++;
        return new CropPairs(cropsQ, cropsB, order, GreedyCover.rowSums(weights), assigned);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Matches found inside a crop ({@code xy} [M, 2] (x, y) at crop resolution) back to full-resolution
     * image coordinates: the crop is cut at {@code cell} without resampling, so the crop's
     * {@code to_orig} is a translation by (x0, y0); {@code scale} then undoes any resize of the full
     * image before cropping ({@code to_orig_max}, 1 when none).
     * // ref: visloc.py crop (to_orig[:2, -1] = crop[:2]) and fine_matching (geotrf(to_orig, ...))
     */
    public static double[] toFullResolution(int[] xy, int[] cell, double scale) {
        double[] out = new double[xy.length];
        for (int k = 0; k < xy.length / 2; k++) {
            out[2 * k] = (xy[2 * k] + (double) cell[0]) * scale;
            out[2 * k + 1] = (xy[2 * k + 1] + (double) cell[1]) * scale;
        }
        return out;
    }
}
