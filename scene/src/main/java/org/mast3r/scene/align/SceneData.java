package org.mast3r.scene.align;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the optimiser reads, condensed from the pair predictions and matches: a canonical view and the
 * anchored matches of every image, the ordered pairs with their rows, the pairwise scores that build the
 * kinematic tree, and, for pairs without a confident match, the DUSt3R pointmaps the fallback loss regresses to.
 */
// ref: mast3r/cloud_opt/sparse_ga.py prepare_canonical_data, condense_data (naver/mast3r f5209af)
public record SceneData(int subsample, List<CanonicalView> views, List<ImageAnchors> anchors, List<MatchedPair> pairs,
                        double[][] pairwiseScores, Map<Long, Fallback> fallbacks) {

    /**
     * preds_21[img2][img1] of a pair that fails matching_check: image 1's points as the pass (img2, img1)
     * saw them, in img2's camera frame, read at the subsampled grid corner of each of image 1's anchors.
     *
     * @param pts  [M1, 3] with M1 the number of image 1's anchor rows
     * @param conf [M1]
     */
    public record Fallback(double[] pts, double[] conf) {}

    public static long key(int img1, int img2) {
        return ((long) img1 << 32) | img2;
    }

    public int images() {
        return views.size();
    }

    /** {@code keepCanonicalPoints}: keep each canonical pointmap (a validator compares them; a scene of many images should not). */
    public static SceneData prepare(AlignmentInput in, int subsample, double matchingConfThr, boolean keepCanonicalPoints) {
        int n = in.images();
        checkPairs(in);
        Map<Long, PairCorrespondences> matches = new HashMap<>();
        for (PairCorrespondences c : in.matches()) {
            matches.put(key(c.a(), c.b()), c);
            matches.put(key(c.b(), c.a()), c.reversed());
        }
        double[][] scores = new double[n][n];
        List<CanonicalView> views = new ArrayList<>();
        List<ImageAnchors> anchors = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            // every pass with k as view 1, and k's partners in the order the pair list first pairs them with k
            CanonicalView.Builder canon = new CanonicalView.Builder(in.heights()[k], in.widths()[k], subsample);
            LinkedHashMap<Integer, PairCorrespondences> partners = new LinkedHashMap<>();
            for (int p = 0; p < in.pairs().size(); p++) {
                int[] ab = in.pairs().get(p);
                if (ab[0] == k) {
                    PairPrediction pred = in.predictions().get(p);
                    canon.add(pred.x11(), pred.c11());
                }
                int other = ab[0] == k ? ab[1] : ab[1] == k ? ab[0] : -1;
                if (other >= 0) {
                    PairCorrespondences c = matches.get(key(k, other));
                    if (c == null) throw new IllegalArgumentException("no correspondences for pair (" + k + ", " + other + ")");
                    partners.putIfAbsent(other, c);
                    scores[k][other] = scores[other][k] = c.score() != null && c.score().length == 3 ? c.score()[2] : c.count();
                }
            }
            CanonicalView view = canon.build(keepCanonicalPoints);
            views.add(view);
            anchors.add(anchor(view, partners));
        }
        List<MatchedPair> pairs = new ArrayList<>();
        for (int[] ab : in.pairs()) {
            int i = ab[0], j = ab[1];
            float[] c = matches.get(key(i, j)).conf();
            double[] conf = new double[c.length];
            for (int m = 0; m < c.length; m++) conf[m] = Math.sqrt((double) c[m] * c[m]);   // sqrt(confs1 * confs2), both sides the same matches
            pairs.add(new MatchedPair(i, anchors.get(i).start(j), j, anchors.get(j).start(i), conf));
        }
        Map<Long, Fallback> fallbacks = new HashMap<>();
        for (MatchedPair p : pairs) {
            if (!p.matchingOk(matchingConfThr)) fallbacks.putIfAbsent(key(p.img1(), p.img2()), fallback(in, p.img2(), p.img1(), anchors.get(p.img1()), subsample));
        }
        return new SceneData(subsample, views, anchors, pairs, scores, fallbacks);
    }

    private static ImageAnchors anchor(CanonicalView view, LinkedHashMap<Integer, PairCorrespondences> partners) {
        int total = 0;
        for (PairCorrespondences c : partners.values()) total += c.count();
        int[] pixels = new int[2 * total], anchor = new int[total], ids = new int[partners.size()], starts = new int[partners.size() + 1];
        float[] offset = new float[total];
        int r = 0, p = 0;
        for (Map.Entry<Integer, PairCorrespondences> e : partners.entrySet()) {
            ids[p] = e.getKey();
            starts[p++] = r;
            int[] xy = e.getValue().xyA();
            for (int m = 0; m < e.getValue().count(); m++, r++) {
                int x = xy[2 * m], y = xy[2 * m + 1];
                if (x < 0 || y < 0 || x >= view.width() || y >= view.height()) {
                    throw new IllegalArgumentException("match pixel (" + x + ", " + y + ") outside the " + view.width() + "x" + view.height() + " image");
                }
                pixels[2 * r] = x;
                pixels[2 * r + 1] = y;
                anchor[r] = view.anchorOf(x, y);
                offset[r] = view.offsetOf(x, y);
            }
        }
        starts[p] = r;
        return new ImageAnchors(pixels, anchor, offset, ids, starts);
    }

    /** preds_21[img2][img1]: X21 of the pass (img2, img1) taken at rows and columns 0, s, 2s (the cached subsample), indexed by image 1's anchors. */
    private static Fallback fallback(AlignmentInput in, int img2, int img1, ImageAnchors a1, int s) {
        PairPrediction pass = null;
        for (int p = 0; p < in.pairs().size() && pass == null; p++) {
            int[] ab = in.pairs().get(p);
            if (ab[0] == img2 && ab[1] == img1) pass = in.predictions().get(p);
        }
        if (pass == null) throw new IllegalArgumentException("no prediction for pass (" + img2 + ", " + img1 + ")");
        double[] pts = new double[3 * a1.count()], conf = new double[a1.count()];     // the optimiser's leaves, made once
        for (int r = 0; r < a1.count(); r++) {
            int g = a1.anchor()[r];
            for (int c = 0; c < 3; c++) pts[3 * r + c] = pass.x21Sub()[3 * g + c];
            conf[r] = pass.c21Sub()[g];
            if (!Double.isFinite(conf[r]) || !Double.isFinite(pts[3 * r]) || !Double.isFinite(pts[3 * r + 1]) || !Double.isFinite(pts[3 * r + 2])) {
                throw new IllegalArgumentException("pass (" + img2 + ", " + img1 + ") has no X21 where the DUSt3R fallback needs it"
                        + " (it was run for another matching_conf_thr)");
            }
        }
        return new Fallback(pts, conf);
    }

    private static void checkPairs(AlignmentInput in) {
        if (in.pairs().size() != in.predictions().size()) throw new IllegalArgumentException("one prediction per ordered pair is needed");
        for (int[] ab : in.pairs()) {
            if (ab[0] == ab[1] || ab[0] < 0 || ab[1] < 0 || ab[0] >= in.images() || ab[1] >= in.images()) {
                throw new IllegalArgumentException("bad pair (" + ab[0] + ", " + ab[1] + ")");
            }
        }
    }
}
