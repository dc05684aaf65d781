package org.mast3r.scene.refine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mast3r.scene.align.AlignmentResult;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.Priors;
import org.mast3r.scene.align.StageReport;

/**
 * {@code --refine}: a bundle adjustment over the multi-view tracks after sparse global alignment, then the
 * dense points rebuilt from the same depth maps with the refined cameras.
 * <p>The principal point goes back to the image centre (unless the user gave it) and stays there: the fine
 * stage moves it by up to 2 px, and a shifted principal point trades against rotation almost for free
 * (1.8 px at f = 200 is half a degree), so holding it there is what lets the adjustment return to the true
 * rotations. The adjustment keeps one camera's pose and the distance to a second (see Parameterisation),
 * so the scene keeps its frame and scale and the depth maps stay valid.
 */
public final class SceneRefinement {
    private SceneRefinement() {}

    /**
     * The refined scene (a "refine" stage appended to its reports: loss = mean reprojection error in px), the
     * adjustment's report, and its tracks with their refined points.
     */
    public record Refined(AlignmentResult result, BundleReport report, SceneTracks.Triangulated tracks) {}

    /** {@code matches} at network resolution, as the alignment read them. */
    public static Refined apply(AlignmentResult aligned, List<PairCorrespondences> matches, Priors priors, boolean sharedIntrinsics) {
        int n = aligned.K().length;
        List<Camera> cameras = new ArrayList<>();
        Set<Integer> fixedIntrinsics = new HashSet<>();
        for (int k = 0; k < n; k++) {
            AlignmentResult.DenseView v = aligned.dense().get(k);
            double[] K = aligned.K()[k].clone();
            double[] known = priors.intrinsics().get(k);
            K[2] = known != null ? known[1] : v.width() / 2.0;
            K[5] = known != null ? known[2] : v.height() / 2.0;
            if (known != null && !priors.refineIntrinsics()) {
                K[0] = K[4] = known[0];
                fixedIntrinsics.add(k);
            }
            cameras.add(new Camera(K, aligned.cam2w()[k].clone()));
        }
        BundleOptions d = BundleOptions.defaults();
        BundleOptions options = new BundleOptions(d.maxIterations(), d.robustScalePx(), d.refineFocal(), false, sharedIntrinsics,
                priors.cam2w().keySet(), fixedIntrinsics);
        BundleResult ba = BundleAdjustment.refine(cameras, matches, options);

        double[][] K = new double[n][], cam2w = new double[n][];
        List<AlignmentResult.DenseView> dense = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            K[k] = ba.cameras().get(k).K();
            cam2w[k] = ba.cameras().get(k).cam2w();
            AlignmentResult.DenseView v = aligned.dense().get(k);
            dense.add(new AlignmentResult.DenseView(v.height(), v.width(), v.depth(), v.conf(), K[k], cam2w[k]));
        }
        List<StageReport> stages = new ArrayList<>(aligned.stages());
        BundleReport r = ba.report();
        stages.add(new StageReport("refine", r.initialMeanErrorPx(), r.finalMeanErrorPx(), r.iterations(), r.seconds()));
        return new Refined(new AlignmentResult(K, cam2w, aligned.depthmaps(), dense, stages), r,
                new SceneTracks.Triangulated(ba.tracks(), ba.points()));
    }
}
