package org.mast3r.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mast3r.scene.align.AlignOptions;
import org.mast3r.scene.align.AlignmentInput;
import org.mast3r.scene.align.AlignmentResult;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.PairPrediction;
import org.mast3r.scene.align.Priors;
import org.mast3r.scene.align.StageReport;
import org.mast3r.scene.run.Aligner;

/**
 * A stand-in for sparse global alignment in the tests of the pipeline around it: image i sits at (0.1 i, 0, 0)
 * with the identity rotation (or its --poses prior), focal 1.1 max(H, W) and principal point (W/2, H/2) in
 * network pixels (or its --intrinsics prior), and its dense points are X11 of the first pass with i as view 1,
 * moved by the camera. It reads every pass and every match through the input's lists, and keeps what it was given.
 */
final class StubAlignment implements Aligner {
    AlignmentInput input;
    AlignOptions options;
    Priors priors;
    int predictionsRead, matchesRead;

    @Override
    public AlignmentResult run(AlignmentInput in, AlignOptions o, Priors p, Consumer<String> progress) {
        input = in;
        options = o;
        priors = p;
        int n = in.images(), s = o.subsample();
        double[][] k = new double[n][], cam2w = new double[n][];
        float[][] depthmaps = new float[n][];
        List<AlignmentResult.DenseView> dense = new ArrayList<>();
        for (PairCorrespondences c : in.matches()) {
            if (c.xyA().length != 2 * c.count()) throw new IllegalStateException("matches of " + c.a() + ", " + c.b());
            matchesRead++;
        }
        for (int i = 0; i < n; i++) {
            int h = in.heights()[i], w = in.widths()[i];
            PairPrediction first = null;
            for (int q = 0; q < in.pairs().size() && first == null; q++) {
                if (in.pairs().get(q)[0] == i) {
                    first = in.predictions().get(q);
                    predictionsRead++;
                }
            }
            double[] known = p.intrinsics().get(i);
            double f = known != null ? known[0] : 1.1 * Math.max(h, w);
            k[i] = new double[] {f, 0, known != null ? known[1] : w / 2.0, 0, f, known != null ? known[2] : h / 2.0, 0, 0, 1};
            cam2w[i] = p.cam2w().containsKey(i) ? p.cam2w().get(i).clone() : new double[] {1, 0, 0, 0.1 * i, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
            float[] depth = new float[h * w];
            for (int q = 0; q < h * w; q++) depth[q] = first.x11()[3 * q + 2];
            int hs = (h + s - 1) / s, ws = (w + s - 1) / s;
            depthmaps[i] = new float[hs * ws];
            for (int y = 0; y < hs; y++) {
                for (int x = 0; x < ws; x++) depthmaps[i][y * ws + x] = depth[Math.min(h - 1, y * s + s / 2) * w + Math.min(w - 1, x * s + s / 2)];
            }
            dense.add(new AlignmentResult.DenseView(h, w, depth, first.c11().clone(), k[i], cam2w[i]));
        }
        progress.accept("stub alignment: " + n + " images");
        return new AlignmentResult(k, cam2w, depthmaps, dense,
                List.of(new StageReport("coarse", 10, 5, o.niter1(), 0.01), new StageReport("fine", 5, 1, o.niter2(), 0.02)));
    }
}
