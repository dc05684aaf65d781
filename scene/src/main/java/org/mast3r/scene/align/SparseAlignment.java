package org.mast3r.scene.align;

import java.util.function.Consumer;

/**
 * MASt3R's sparse global alignment: canonical pointmaps, anchors, kinematic tree, coarse 3D-matching stage,
 * fine 2D-reprojection stage, densified depth maps.
 */
// ref: mast3r/cloud_opt/sparse_ga.py sparse_global_alignment (naver/mast3r f5209af)
public final class SparseAlignment {
    private SparseAlignment() {}

    /** {@code progress} receives one line per stage milestone (iterations with the loss). */
    public static AlignmentResult run(AlignmentInput input, AlignOptions options, Priors priors, Consumer<String> progress) {
        throw new UnsupportedOperationException("sparse global alignment: being written in this branch");
    }
}
