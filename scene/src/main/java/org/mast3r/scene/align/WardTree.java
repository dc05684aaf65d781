package org.mast3r.scene.align;

/**
 * The kinematic tree of sparse_global_alignment's 'hclust-ward' mode: match counts become distances, Ward
 * clustering merges the images, and each merge links the two clusters' representatives.
 *
 * <p>Scores are normalised by what a pair could at most match: pws = min(M / (3 min(P_i, P_j)), 1) with
 * P = (W // s) (H // s) anchor patches, diagonal 1, all in float32 as torch does it. The distance is 1 - pws
 * (float32), or 2 where pws is 0. Walking the linkage rows in order, each of the two merged clusters is
 * represented by one image; the images are linked, and the one with the larger row sum of pws (float32, numpy's
 * pairwise summation; the second on a tie) represents the merged cluster, its pws row becoming the elementwise
 * max of the two.
 *
 * @param condensedDistance [n(n-1)/2] what scipy's linkage got (float32 values)
 * @param linkage           [n-1][4] scipy's Z
 * @param adjacency         [n][n] 1 on the tree's edges and on the diagonal, what compute_min_spanning_tree got
 */
// ref: mast3r/cloud_opt/sparse_ga.py sparse_global_alignment, kinematic_mode 'hclust-ward' (naver/mast3r f5209af)
public record WardTree(double[] condensedDistance, double[][] linkage, int[][] adjacency) {

    /** @param scores [n*n] float32 match counts, symmetric; widths, heights [n] image sizes at network resolution */
    public static WardTree of(float[] scores, int[] widths, int[] heights, int subsample) {
        int n = widths.length;
        if (n < 2) throw new IllegalArgumentException("hclust-ward needs at least 2 images, got " + n);
        if (scores.length != n * n || heights.length != n) {
            throw new IllegalArgumentException("scores must be [" + n + " x " + n + "] for " + n + " image sizes");
        }
        float[] pws = normalisedScores(scores, widths, heights, subsample);
        double[] condensed = new double[n * (n - 1) / 2];
        int c = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float p = pws[i * n + j];
                condensed[c++] = p != 0 ? 1f - p : 2f;
            }
        }
        double[][] z = WardLinkage.linkage(condensed, n);
        return new WardTree(condensed, z, link(z, pws, n));
    }

    // ref: n_patches = (imsizes // subsample).prod(dim=1); pws = (scores / (3 min(n_patches))).clip(max=1)
    private static float[] normalisedScores(float[] scores, int[] widths, int[] heights, int s) {
        int n = widths.length;
        long[] patches = new long[n];
        for (int i = 0; i < n; i++) {
            patches[i] = (long) (widths[i] / s) * (heights[i] / s);
            if (patches[i] <= 0) {
                throw new IllegalArgumentException("image " + i + " (" + widths[i] + "x" + heights[i]
                        + ") is smaller than one " + s + "x" + s + " patch");
            }
        }
        float[] pws = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (scores[i * n + j] != scores[j * n + i]) {
                    throw new IllegalArgumentException("scores must be symmetric: [" + i + "," + j + "] = "
                            + scores[i * n + j] + " but [" + j + "," + i + "] = " + scores[j * n + i]);
                }
                float maxCorres = 3 * Math.min(patches[i], patches[j]);
                pws[i * n + j] = i == j ? 1f : Math.min(scores[i * n + j] / maxCorres, 1f);
            }
        }
        return pws;
    }

    // ref: the loop over Z[:, :2] with new_to_old_nodes and best = a if pws[a].sum() > pws[b].sum() else b
    private static int[][] link(double[][] z, float[] pws, int n) {
        int[][] tree = new int[n][n];
        for (int i = 0; i < n; i++) tree[i][i] = 1;
        int[] representative = new int[2 * n - 1];
        for (int i = 0; i < n; i++) representative[i] = i;
        for (int k = 0; k < n - 1; k++) {
            int a = representative[(int) z[k][0]];
            int b = representative[(int) z[k][1]];
            tree[a][b] = tree[b][a] = 1;
            int best = rowSum(pws, a, n) > rowSum(pws, b, n) ? a : b;
            representative[n + k] = best;
            for (int j = 0; j < n; j++) pws[best * n + j] = Math.max(pws[a * n + j], pws[b * n + j]);
        }
        return tree;
    }

    /** numpy's float32 sum of row r: 0 + pairwise_sum (8 accumulators under 129 values, halves above). */
    // ref: numpy _core/src/umath/loops_utils.h.src FLOAT_pairwise_sum; the reduction starts from add's identity 0
    private static float rowSum(float[] m, int r, int n) {
        return 0f + pairwiseSum(m, r * n, n);
    }

    private static float pairwiseSum(float[] a, int from, int n) {
        if (n < 8) {
            float res = -0f;
            for (int i = 0; i < n; i++) res += a[from + i];
            return res;
        }
        if (n <= 128) {
            float[] r = new float[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
            float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[from + i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }
}
