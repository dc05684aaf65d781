package org.mast3r.scene.align;

/**
 * The options of sparse_global_alignment and sparse_scene_optimizer; {@link #defaults()} are mast3r/demo.py's
 * (optim level refine+depth, matching_conf_thr 0).
 */
public record AlignOptions(int subsample, double lr1, int niter1, double lr2, int niter2, Kinematic kinematic,
                           boolean sharedIntrinsics, double matchingConfThr, boolean optPrincipalPoint,
                           boolean optDepth) {
    public enum Kinematic { HCLUST_WARD, MST }

    public static AlignOptions defaults() {
        return new AlignOptions(8, 0.07, 300, 0.01, 300, Kinematic.HCLUST_WARD, false, 0.0, true, true);
    }
}
