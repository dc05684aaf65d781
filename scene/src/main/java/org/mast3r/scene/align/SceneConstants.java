package org.mast3r.scene.align;

/**
 * The per-image numbers the optimiser never changes: image size, base focal (the canonical view's, or a
 * known one), focal bounds, median anchor depth, and each anchored match's pixel and depth offset.
 */
// ref: mast3r/cloud_opt/sparse_ga.py sparse_scene_optimizer, initialisation (naver/mast3r f5209af)
final class SceneConstants {
    final double[] width, height, baseFocal, minFocal, maxFocal, medianDepth;
    final double[][] pixelX, pixelY, offsetMinusOne;   // per image [M_k]

    SceneConstants(SceneData data, double[] baseFocal, double[] medianDepth) {
        int n = data.images();
        this.baseFocal = baseFocal;
        this.medianDepth = medianDepth;
        width = new double[n];
        height = new double[n];
        minFocal = new double[n];
        maxFocal = new double[n];
        pixelX = new double[n][];
        pixelY = new double[n][];
        offsetMinusOne = new double[n][];
        for (int k = 0; k < n; k++) {
            CanonicalView v = data.views().get(k);
            width[k] = v.width();
            height[k] = v.height();
            // diag = 1.2~1.4 max(W, H), so the focal stays within a sane field of view
            double diag = Math.hypot(v.width(), v.height());
            minFocal[k] = 0.25 * diag;
            maxFocal[k] = 10 * diag;
            ImageAnchors a = data.anchors().get(k);
            pixelX[k] = new double[a.count()];
            pixelY[k] = new double[a.count()];
            offsetMinusOne[k] = new double[a.count()];
            for (int r = 0; r < a.count(); r++) {
                pixelX[k][r] = a.pixels()[2 * r];
                pixelY[k][r] = a.pixels()[2 * r + 1];
                offsetMinusOne[k][r] = a.offset()[r] - 1.0;
            }
        }
    }
}
