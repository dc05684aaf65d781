package org.mast3r.matching;

/**
 * {@code fast_reciprocal_NNs}: from seeds in map 1, hop to the nearest pixel in map 2 and back until the
 * pair stops moving; pairs that stopped are reciprocal nearest neighbours.
 *
 * <p>Bookkeeping, as the reference does it per round: every still-active seed asks map 2; a seed whose
 * map-2 pixel equals the previous round's is done (it is reciprocal already). The rest ask map 1; a seed
 * whose map-1 pixel equals the previous round's is done. After {@code maxIterations} rounds the loop
 * stops; seeds still active are dropped. The "previous round" of the first map-1 check is the seed
 * itself, and the first map-2 check always passes (no previous answer).
 *
 * <p>With a pixel tolerance > 0 (explicit seeds, one round) a seed is kept when its round trip lands
 * strictly within {@code pixelTol} pixels (Euclidean) of where it started, and the seed itself is
 * returned, not the pixel it came back to.
 * // ref: mast3r/fast_nn.py fast_reciprocal_NNs
 */
public final class FastReciprocalNN {
    private FastReciprocalNN() {}

    /**
     * @param tree2 nearest neighbours of map-1 pixels in map 2
     * @param tree1 nearest neighbours of map-2 pixels in map 1
     * @return unique pairs sorted by (idx1, idx2)
     */
    public static Pairs run(int h1, int w1, Seeds seeds, double pixelTol, NearestNeighbors tree2, NearestNeighbors tree1) {
        boolean grid = seeds instanceof Seeds.Grid;
        if (grid && pixelTol > 0) {
            throw new IllegalArgumentException("a pixel tolerance needs explicit init points, not a subsample (the reference fails there too)");
        }
        int[] xy1 = seeds.start(h1, w1);
        int n = xy1.length;
        int[] xy2 = new int[n];
        java.util.Arrays.fill(xy2, -1);
        int[] old1 = xy1.clone();
        int[] old2 = xy2.clone();
        boolean[] notyet = new boolean[n];
        java.util.Arrays.fill(notyet, true);
        int maxIter = seeds.maxIterations();
        int iter = 0;
        while (count(notyet) > 0) {
            int[] active = active(notyet);
            int[] nn2 = tree2.nearest(gather(xy1, active));
            for (int k = 0; k < active.length; k++) xy2[active[k]] = nn2[k];
            for (int i = 0; i < n; i++) notyet[i] &= old2[i] != xy2[i]; // converged: map-2 pixel unchanged

            active = active(notyet);
            if (active.length > 0) {
                int[] nn1 = tree1.nearest(gather(xy2, active));
                for (int k = 0; k < active.length; k++) xy1[active[k]] = nn1[k];
            }
            for (int i = 0; i < n; i++) notyet[i] &= old1[i] != xy1[i]; // converged: back where it was

            if (++iter >= maxIter) break;
            System.arraycopy(xy2, 0, old2, 0, n);
            System.arraycopy(xy1, 0, old1, 0, n);
        }

        boolean[] keep = new boolean[n];
        int[] out1 = xy1;
        if (pixelTol > 0) {
            for (int i = 0; i < n; i++) {
                double dy = old1[i] / w1 - xy1[i] / w1, dx = old1[i] % w1 - xy1[i] % w1;
                keep[i] = Math.sqrt(dy * dy + dx * dx) < pixelTol;
            }
            out1 = old1; // explicit seeds: report the seeds themselves
        } else {
            for (int i = 0; i < n; i++) keep[i] = !notyet[i];
        }
        int m = 0;
        for (boolean b : keep) if (b) m++;
        int[] i1 = new int[m], i2 = new int[m];
        for (int i = 0, k = 0; i < n; i++) {
            if (keep[i]) {
                i1[k] = out1[i];
                i2[k++] = xy2[i];
            }
        }
        return MergeCorres.merge(i1, i2);
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) if (v) c++;
        return c;
    }

    private static int[] active(boolean[] notyet) {
        int[] a = new int[count(notyet)];
        for (int i = 0, k = 0; i < notyet.length; i++) if (notyet[i]) a[k++] = i;
        return a;
    }

    private static int[] gather(int[] src, int[] at) {
        int[] out = new int[at.length];
        for (int k = 0; k < at.length; k++) out[k] = src[at[k]];
        return out;
    }
}
