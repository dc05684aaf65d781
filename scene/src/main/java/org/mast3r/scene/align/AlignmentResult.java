package org.mast3r.scene.align;

import java.util.List;

/**
 * The scene sparse global alignment ends with, at network resolution.
 *
 * @param K          [N][9] row-major intrinsics
 * @param cam2w      [N][16] row-major camera-to-world, OpenCV axes
 * @param depthmaps  [N][ceil(H/s) * ceil(W/s)] depth (camera z) at the anchor grid pixels s/2, s/2 + s, ...
 * @param dense      per image: dense depth, cleaned confidence and world points
 * @param stages     the coarse and fine stages' reports
 */
public record AlignmentResult(double[][] K, double[][] cam2w, float[][] depthmaps, List<DenseView> dense,
                              List<StageReport> stages) {
    /**
     * One image's dense output: {@code depth} [H*W] camera z and {@code conf} [H*W] after clean_pointcloud, with
     * the image's camera ({@code K} [9], {@code cam2w} [16]); its world points are made on demand, so a scene of
     * many images never holds them all.
     */
    public record DenseView(int height, int width, float[] depth, float[] conf, double[] K, double[] cam2w) {
        /** [H*W*3] world points cam2w (z K^-1 (x, y, 1)). */
        public float[] pts3d() {
            return DenseDepth.points(DenseDepth.View.of(width, height, null, null, 0, K, cam2w, null), depth);
        }
    }
}
