package org.mast3r.scene.align;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.mast3r.scene.autodiff.Adam;
import org.mast3r.scene.autodiff.CosineSchedule;
import org.mast3r.scene.autodiff.Tape;
import org.mast3r.scene.autodiff.Var;

/**
 * sparse_scene_optimizer: a coarse stage that aligns the matched 3D points of every pair (poses and depth
 * scales free), then a fine stage on the 2D reprojection error (focals, principal points and anchor depths
 * free too), each with Adam (betas 0.9, 0.9) under a cosine schedule. Pairs whose best match is not above
 * matching_conf_thr fall back to DUSt3R's regression loss on their pointmaps, weighted 0.01.
 */
// ref: mast3r/cloud_opt/sparse_ga.py sparse_scene_optimizer (naver/mast3r f5209af)
final class SceneOptimizer {
    private static final double LOSS_DUST3R_W = 0.01;
    private final SceneData data;
    private final KinematicTree tree;
    private final AlignOptions options;
    private final SceneConstants constants;
    private final CameraParams params;
    private final boolean[] knownIntrinsics;

    SceneOptimizer(SceneData data, KinematicTree tree, AlignOptions options, Priors priors) {
        this.data = data;
        this.tree = tree;
        this.options = options;
        int n = data.images();
        params = CameraParams.initial(n);
        knownIntrinsics = new boolean[n];
        double[] baseFocal = new double[n], median = new double[n];
        double[][] pps = new double[n][];
        for (int k = 0; k < n; k++) {
            CanonicalView v = data.views().get(k);
            double[] known = priors.intrinsics().get(k);
            knownIntrinsics[k] = known != null && !priors.refineIntrinsics();
            baseFocal[k] = known != null ? known[0] : (float) v.focal();
            double cx = known != null ? known[1] : v.width() / 2.0, cy = known != null ? known[2] : v.height() / 2.0;
            pps[k] = new double[] {cx / v.width(), cy / v.height()};
            median[k] = lowerMedian(v.coreDepth());
            params.coreDepth()[k] = new double[v.coreDepth().length];
            for (int a = 0; a < v.coreDepth().length; a++) params.coreDepth()[k][a] = v.coreDepth()[a] / median[k];
        }
        if (options.sharedIntrinsics()) {
            // one set of intrinsics, initialised as the confidence-weighted average of the images'
            double[] w = new double[n];
            double total = 0;
            for (int k = 0; k < n; k++) total += w[k] = mean(data.views().get(k).conf());
            double[] pp = new double[2], logFocal = new double[1];
            double focal = 0;
            for (int k = 0; k < n; k++) {
                pp[0] += w[k] / total * pps[k][0];
                pp[1] += w[k] / total * pps[k][1];
                focal += w[k] / total * baseFocal[k];
            }
            logFocal[0] = Math.log(focal);
            Arrays.fill(params.pp(), pp);
            Arrays.fill(params.logFocal(), logFocal);
        } else {
            for (int k = 0; k < n; k++) {
                params.pp()[k] = pps[k];
                params.logFocal()[k] = new double[] {Math.log(baseFocal[k])};
            }
        }
        constants = new SceneConstants(data, baseFocal, median);
    }

    /** Both stages, coarse then fine (skipped when niter2 is 0). */
    List<StageResult> run(Consumer<String> progress) {
        int n = data.images();
        boolean[] none = new boolean[n], focal = new boolean[n], pp = new boolean[n];
        for (int k = 0; k < n; k++) {
            focal[k] = !knownIntrinsics[k];
            pp[k] = !knownIntrinsics[k] && options.optPrincipalPoint();
        }
        List<StageResult> stages = new ArrayList<>();
        stages.add(optimize("coarse", new SceneModel.Trainable(true, none, none, false), options.lr1(), options.niter1(),
                1.5, Losses.MATCH_3D, progress));
        if (options.niter2() > 0) {
            stages.add(optimize("fine", new SceneModel.Trainable(true, focal, pp, options.optDepth()), options.lr2(), options.niter2(),
                    0.5, Losses.REPROJECTION_2D, progress));
        }
        return stages;
    }

    private enum Losses { MATCH_3D, REPROJECTION_2D }

    private StageResult optimize(String name, SceneModel.Trainable train, double lrBase, int niter, double gamma, Losses kind,
                           Consumer<String> progress) {
        long t0 = System.nanoTime();
        Adam adam = new Adam(0.9, 0.9, 1e-8);
        MatchLosses terms = new MatchLosses(data, options.matchingConfThr());
        double[] history = new double[niter];
        SceneModel last = null;
        int done = 0;
        for (int it = 0; it < Math.max(niter, 1); it++) {
            Tape tape = new Tape();
            last = new SceneModel(tape, data, constants, params, tree, train);
            if (niter == 0) break;
            double lr = CosineSchedule.lr((double) it / niter, lrBase, 0);
            Var main = kind == Losses.MATCH_3D ? terms.match3d(tape, last, gamma) : terms.reprojection2d(tape, last, gamma);
            Var loss = tape.add(main, tape.scale(terms.dust3r(tape, last, 1.1), LOSS_DUST3R_W));
            history[it] = loss.item();
            done = it + 1;
            if (loss.requiresGrad()) {
                tape.backward(loss);
                for (Map.Entry<double[], Var> e : last.leaves.entrySet()) {
                    if (e.getValue().requiresGrad()) adam.step(e.getKey(), e.getValue().grad(), lr);
                }
                params.normalizeQuaternions();
            }
            if (Double.isNaN(history[it])) break;
            if (it == 0 || (it + 1) % 50 == 0 || it + 1 == niter) {
                progress.accept(String.format(Locale.ROOT, "%s %d/%d: loss %.6f (lr %.4f)", name, it + 1, niter, history[it], lr));
            }
        }
        int n = data.images();
        double[][] K = new double[n][], cam2w = new double[n][];
        float[][] depth = new float[n][];
        for (int k = 0; k < n; k++) {
            K[k] = last.intrinsics(k);
            cam2w[k] = last.cam2w(k);
            double[] d = last.depth[k].value();
            depth[k] = new float[d.length];
            for (int a = 0; a < d.length; a++) depth[k][a] = (float) d[a];
        }
        double[] losses = Arrays.copyOf(history, done);
        double first = done > 0 ? losses[0] : Double.NaN, lastLoss = done > 0 ? losses[done - 1] : Double.NaN;
        return new StageResult(K, cam2w, depth, losses, new StageReport(name, first, lastLoss, done, (System.nanoTime() - t0) / 1e9));
    }

    /** torch.median: the lower of the two middle values for an even count. */
    static double lowerMedian(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    private static double mean(float[] values) {
        double s = 0;
        for (float v : values) s += v;
        return s / values.length;
    }
}
