package org.mast3r.scene.align;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * MASt3R's sparse global alignment: canonical pointmaps and anchors from the pair predictions, the kinematic
 * tree, the coarse 3D-matching stage, the fine 2D-reprojection stage, then dense depth maps and a cleaned
 * point cloud. Known poses (which the reference refuses as "not yet implemented") are met afterwards: the
 * scene is moved onto them by a similarity and the caller's bundle adjustment holds them fixed.
 */
// ref: mast3r/cloud_opt/sparse_ga.py sparse_global_alignment, SparseGA.get_dense_pts3d (naver/mast3r f5209af)
public final class SparseAlignment {
    private SparseAlignment() {}

    /** Every intermediate a validator compares, and the result. */
    public record Run(SceneData data, KinematicTree tree, List<StageResult> stages, AlignmentResult result) {}

    /** {@code progress} receives one line per stage milestone (iterations with the loss). */
    public static AlignmentResult run(AlignmentInput input, AlignOptions options, Priors priors, Consumer<String> progress) {
        return trace(input, options, priors, progress).result();
    }

    public static Run trace(AlignmentInput input, AlignOptions options, Priors priors, Consumer<String> progress) {
        long t0 = System.nanoTime();
        SceneData data = SceneData.prepare(input, options.subsample(), options.matchingConfThr(), false);
        int n = data.images();
        float[] scores = new float[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) scores[i * n + j] = (float) data.pairwiseScores()[i][j];
        KinematicTree tree = KinematicTree.build(options.kinematic(), scores, input.widths(), input.heights(), options.subsample());
        progress.accept(String.format(Locale.ROOT, "canonical views and anchors of %d images in %.2f s; tree root %d",
                n, (System.nanoTime() - t0) / 1e9, tree.root()));
        List<StageResult> stages = new SceneOptimizer(data, tree, options, priors).run(progress);
        StageResult last = stages.get(stages.size() - 1);
        double[][] cam2w = last.cam2w();
        float[][] depthmaps = last.depthmaps();
        if (!priors.cam2w().isEmpty()) {
            CameraAlignment onto = ontoKnownPoses(cam2w, priors);
            cam2w = new double[n][];
            depthmaps = new float[n][];
            for (int k = 0; k < n; k++) {
                double[] known = priors.cam2w().get(k);
                cam2w[k] = known != null ? known.clone() : onto.apply(last.cam2w()[k]);
                depthmaps[k] = last.depthmaps()[k].clone();
                for (int a = 0; a < depthmaps[k].length; a++) depthmaps[k][a] *= (float) onto.scale();
            }
        }
        long t1 = System.nanoTime();
        List<AlignmentResult.DenseView> dense = dense(data, priors, last.K(), cam2w, depthmaps);
        List<StageReport> reports = new ArrayList<>();
        for (StageResult s : stages) reports.add(s.report());
        reports.add(new StageReport("dense", Double.NaN, Double.NaN, 0, (System.nanoTime() - t1) / 1e9));
        return new Run(data, tree, stages, new AlignmentResult(last.K(), cam2w, depthmaps, dense, reports));
    }

    /** get_dense_pts3d(clean_depth=True): every pixel's depth from its anchor, its world point, cleaned confidences. */
    private static List<AlignmentResult.DenseView> dense(SceneData data, Priors priors, double[][] K, double[][] cam2w, float[][] depthmaps) {
        List<DenseDepth.View> views = new ArrayList<>();
        for (int k = 0; k < data.images(); k++) {
            CanonicalView v = data.views().get(k);
            double[] known = priors.intrinsics().get(k);
            float baseFocal = (float) (known != null ? known[0] : v.focal());   // the focal the anchors' offsets are compensated from
            views.add(DenseDepth.View.of(v.width(), v.height(), v.depthOffsets(), v.conf(), baseFocal, K[k], cam2w[k], depthmaps[k]));
        }
        DenseDepth.Dense d = DenseDepth.densify(views, data.subsample(), true);
        List<AlignmentResult.DenseView> out = new ArrayList<>();
        for (int k = 0; k < data.images(); k++) {
            CanonicalView v = data.views().get(k);
            out.add(new AlignmentResult.DenseView(v.height(), v.width(), d.depth().get(k), d.conf().get(k), K[k], cam2w[k]));
        }
        return out;
    }

    /**
     * The similarity taking the optimised cameras onto the known ones (rotation from every known orientation,
     * scale from their centres when two or more are known, else 1).
     */
    private static CameraAlignment ontoKnownPoses(double[][] cam2w, Priors priors) {
        List<double[]> est = new ArrayList<>(), known = new ArrayList<>();
        for (var e : priors.cam2w().entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= cam2w.length) throw new IllegalArgumentException("known pose for image " + e.getKey() + " of " + cam2w.length);
            est.add(cam2w[e.getKey()]);
            known.add(e.getValue());
        }
        return CameraAlignment.fit(est, known);
    }
}
