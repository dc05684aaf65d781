package org.mast3r.scene.run;

import org.mast3r.common.BadInputException;
import org.mast3r.kernels.Parallel;
import org.mast3r.matching.DescriptorMap;
import org.mast3r.matching.Matcher;
import org.mast3r.matching.Matches;
import org.mast3r.matching.SymmetricCorrespondences;
import org.mast3r.model.EncodedView;
import org.mast3r.model.PairOutput;
import org.mast3r.model.ViewOutput;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.PairPrediction;

/**
 * What sparse global alignment needs from one unordered pair {a, b}: both decoder passes on the two images'
 * encodings (a as view 1, then b as view 1), the correspondences of extract_correspondences, and the cached
 * matching score. Only the subsampled X21 of each pass is kept, and only where the alignment will read it: the
 * DUSt3R fallback of a pair whose best match is not above matching_conf_thr. Elsewhere view 2's points are not
 * computed at all (its head makes descriptors only: a third less work per pass), X21 and C21 are stored as NaN
 * and conf_score, which needs C21, is NaN.
 */
// ref: naver/mast3r f5209af mast3r/cloud_opt/sparse_ga.py forward_mast3r, symmetric_inference
public final class SymmetricPair {
    /** The pair's results: the passes (a, b) and (b, a), and the matches oriented (a, b). */
    public record Run(PairPrediction ab, PairPrediction ba, PairCorrespondences matches) {}

    private SymmetricPair() {}

    /**
     * Runs the pair (a, b) on their encodings; {@code subsample} is the matching grid and the X21 stride,
     * {@code matchingConfThr} the alignment's threshold that decides whether X21 is needed.
     */
    public static Run run(Mast3r model, int a, EncodedView encA, int b, EncodedView encB, int subsample, double matchingConfThr) {
        PairOutput first = model.decode(encA, encB, false);           // res11 (a), res21 (b's descriptors)
        ViewOutput v11 = first.view1(), v21 = first.view2();
        requireDescriptors(v11);
        PairOutput second = model.decode(encB, encA, false);          // res22 (b), res12 (a's descriptors)
        ViewOutput v22 = second.view1(), v12 = second.view2();
        Matches m = correspondences(v11, v21, v22, v12, subsample, model.parallel());
        if (!matchingOk(m.conf(), matchingConfThr)) {
            // the DUSt3R fallback will regress to X21: run both passes again with view 2's points
            v21 = model.decode(encA, encB, true).view2();
            v12 = model.decode(encB, encA, true).view2();
        }
        PairPrediction ab = prediction(a, b, v11, v21, subsample), ba = prediction(b, a, v22, v12, subsample);
        // ref: conf_score = (C11.mean() * C12.mean() * C21.mean() * C22.mean()).sqrt().sqrt()
        double confScore = v21.conf() == null ? Double.NaN
                : Math.sqrt(Math.sqrt(mean(v11.conf()) * mean(v12.conf()) * mean(v21.conf()) * mean(v22.conf())));
        double sum = 0;
        for (float c : m.conf()) sum += c;
        double[] score = {confScore, sum, m.count()};
        return new Run(ab, ba, new PairCorrespondences(a, b, m.xy1(), m.xy2(), m.conf(), score));
    }

    /** extract_correspondences on the four descriptor maps: image a's from both passes, image b's likewise. */
    static Matches correspondences(ViewOutput v11, ViewOutput v21, ViewOutput v22, ViewOutput v12, int subsample, Parallel parallel) {
        return SymmetricCorrespondences.extract(desc(v11), desc(v21), desc(v22), desc(v12),
                v11.descConf(), v21.descConf(), v22.descConf(), v12.descConf(), subsample, Matcher.DOT, parallel);
    }

    private static DescriptorMap desc(ViewOutput v) {
        return new DescriptorMap(v.desc(), v.height(), v.width(), v.descDim());
    }

    private static void requireDescriptors(ViewOutput v) {
        if (!v.hasDescriptors() || v.conf() == null || v.descConf() == null) {
            throw new BadInputException("model", "reconstruct needs a MASt3R checkpoint (local descriptors with desc_conf); this one has none");
        }
    }

    /** sparse_scene_optimizer's matching_check: the pair's best match is above the threshold. */
    static boolean matchingOk(float[] conf, double threshold) {
        for (float c : conf) if (c > threshold) return true;
        return false;
    }

    /** The pass with {@code a} as view 1: X11, C11 and X21, C21 at rows and columns 0, s, 2s, ... (NaN when not computed). */
    private static PairPrediction prediction(int a, int b, ViewOutput v1, ViewOutput v2, int s) {
        int h = v2.height(), w = v2.width(), hs = (h + s - 1) / s, ws = (w + s - 1) / s;
        float[] x = new float[hs * ws * 3], c = new float[hs * ws];
        if (v2.pts3d() == null) {
            java.util.Arrays.fill(x, Float.NaN);
            java.util.Arrays.fill(c, Float.NaN);
            return new PairPrediction(a, b, v1.pts3d(), v1.conf(), x, c);
        }
        for (int i = 0; i < hs; i++) {
            for (int j = 0; j < ws; j++) {
                int p = i * s * w + j * s, q = i * ws + j;
                System.arraycopy(v2.pts3d(), 3 * p, x, 3 * q, 3);
                c[q] = v2.conf()[p];
            }
        }
        return new PairPrediction(a, b, v1.pts3d(), v1.conf(), x, c);
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }
}
