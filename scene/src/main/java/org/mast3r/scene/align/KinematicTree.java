package org.mast3r.scene.align;

/**
 * The kinematic chain of sparse global alignment: the camera of {@code root} is free, every other camera
 * is posed relative to its parent, cam2w[child] = cam2w[parent] · rel[child], applied in the order of
 * {@code edges}.
 *
 * @param root  the image whose pose is absolute
 * @param edges [n-1] (parent, child) in breadth-first order from the root
 * @param ward  the clustering behind the tree in mode HCLUST_WARD (for checks), null in mode MST
 */
// ref: mast3r/cloud_opt/sparse_ga.py sparse_global_alignment, "Build kinematic chain" (naver/mast3r f5209af)
public record KinematicTree(int root, int[][] edges, WardTree ward) {

    /**
     * @param scores [n*n] float32 pairwise match counts (symmetric, zero diagonal), as prepare_canonical_data
     *               makes them; widths, heights [n] image sizes at network resolution
     */
    public static KinematicTree build(AlignOptions.Kinematic mode, float[] scores, int[] widths, int[] heights,
                                      int subsample) {
        return switch (mode) {
            case MST -> mst(scores, widths.length);
            case HCLUST_WARD -> hclustWard(scores, widths, heights, subsample);
        };
    }

    /** Mode 'mst': the maximum spanning tree of the match counts themselves. */
    public static KinematicTree mst(float[] scores, int n) {
        if (n < 2) throw new IllegalArgumentException("a kinematic tree needs at least 2 images, got " + n);
        if (scores.length != n * n) throw new IllegalArgumentException("scores must be [" + n + " x " + n + "]");
        double[] graph = new double[n * n];
        for (int i = 0; i < graph.length; i++) graph[i] = scores[i];
        return SpanningTree.chain(graph, n, null);
    }

    /** Mode 'hclust-ward': the tree of the Ward clustering, then its spanning tree (all weights equal). */
    public static KinematicTree hclustWard(float[] scores, int[] widths, int[] heights, int subsample) {
        WardTree ward = WardTree.of(scores, widths, heights, subsample);
        int n = widths.length;
        double[] graph = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) graph[i * n + j] = ward.adjacency()[i][j];
        return SpanningTree.chain(graph, n, ward);
    }
}
