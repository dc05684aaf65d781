package org.mast3r.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mast3r.common.BadInputException;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.RgbImage;
import org.mast3r.matching.FastMatching;
import org.mast3r.matching.Matches;
import org.mast3r.model.PairOutput;
import org.mast3r.model.ViewOutput;

/**
 * Two image files in, matches out: load_images pre-processing, the network, symmetric fast reciprocal
 * matching, and the mapping of matched pixels back to the original images. With coarse-to-fine, those
 * matches only choose the window pairs of the full-resolution images that the fine pass runs.
 */
// ref: naver/mast3r f5209af mast3r/demo.py (pair inference + fast_reciprocal_NNs), visloc.py (coarse_to_fine)
public final class Matching {
    private Matching() {}

    public static PairResult run(Mast3r model, Path img1, Path img2, MatchOptions options) {
        long t = System.nanoTime();
        ImagePair images = ImagePair.load(img1, img2, options.size());
        double preprocess = (System.nanoTime() - t) / 1e9;
        PairResult r = run(model, images, options, Progress.NONE);
        r.seconds().put("preprocess", preprocess);
        return r;
    }

    /** The pipeline on images already decoded (so a bad file fails before any model work). */
    public static PairResult run(Mast3r model, ImagePair images, MatchOptions options, Progress progress) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        PreparedImage a = images.image1(), b = images.image2();
        RgbImage full1 = images.full1(), full2 = images.full2();
        long t = System.nanoTime();
        progress.update("network", 0, 1);
        PairOutput out = model.infer(a, b);
        progress.update("network", 1, 1);
        t = lap(seconds, "network", t);

        Matches coarse = networkMatches(model, out, options.subsample(), 0);
        PixelMatches matches = toOriginal(coarse, a, b);
        t = lap(seconds, "matching", t);

        int cropPairs = 0;
        if (options.coarseToFine() && needsFinePass(full1, full2)) {
            FinePass.Result fine = FinePass.run(model, full1, full2, withoutBorder(coarse, a, b, 3), options, progress);
            // Too few coarse matches for any window pair: the coarse matches are all there is.
            if (fine.cropPairs() > 0) matches = fine.matches();
            cropPairs = fine.cropPairs();
            lap(seconds, "fine", t);
        }
        return new PairResult(a, b, out, MatchSelection.mostConfident(matches, options.maxMatches()), coarse, cropPairs, seconds);
    }

    private static long lap(Map<String, Double> seconds, String stage, long start) {
        long now = System.nanoTime();
        seconds.put(stage, (now - start) / 1e9);
        return now;
    }

    /** The fine pass only adds detail when an image is larger than one network window. */
    private static boolean needsFinePass(RgbImage a, RgbImage b) {
        return Math.max(a.width(), a.height()) > 512 || Math.max(b.width(), b.height()) > 512;
    }

    /**
     * Symmetric matches at network resolution: descriptors for MASt3R; DUSt3R has none, so its
     * pointmaps (both in view 1's frame) are matched by 3D distance instead.
     */
    static Matches networkMatches(Mast3r model, PairOutput out, int subsample, double pixelTol) {
        ViewOutput v1 = out.view1(), v2 = out.view2();
        if (v1.hasDescriptors()) {
            return FastMatching.symmetric(v1.desc(), v1.height(), v1.width(), v2.desc(), v2.height(), v2.width(),
                    v1.descDim(), v1.descConf(), v2.descConf(), subsample, pixelTol, model.parallel());
        }
        if (v1.conf() == null) throw new BadInputException("model", "has neither descriptors nor confidences to match with");
        return FastMatching.symmetricL2(v1.pts3d(), v1.height(), v1.width(), v2.pts3d(), v2.height(), v2.width(),
                3, v1.conf(), v2.conf(), subsample, model.parallel());
    }

    /** Network pixels of the two pre-processed images to original-image pixels. */
    static PixelMatches toOriginal(Matches m, PreparedImage a, PreparedImage b) {
        int n = m.count();
        double[] xy1 = new double[2 * n], xy2 = new double[2 * n];
        for (int k = 0; k < n; k++) {
            xy1[2 * k] = clamp(a.originalX(m.xy1()[2 * k]), a.originalWidth());
            xy1[2 * k + 1] = clamp(a.originalY(m.xy1()[2 * k + 1]), a.originalHeight());
            xy2[2 * k] = clamp(b.originalX(m.xy2()[2 * k]), b.originalWidth());
            xy2[2 * k + 1] = clamp(b.originalY(m.xy2()[2 * k + 1]), b.originalHeight());
        }
        return new PixelMatches(xy1, xy2, m.conf());
    }

    /** Coarse matches away from a {@code border}-pixel frame of both network images (visloc.py drops those). */
    private static PixelMatches withoutBorder(Matches m, PreparedImage a, PreparedImage b, int border) {
        int n = m.count(), kept = 0;
        int[] keep = new int[n];
        for (int k = 0; k < n; k++) {
            if (inside(m.xy1(), k, a, border) && inside(m.xy2(), k, b, border)) keep[kept++] = k;
        }
        int[] xy1 = new int[2 * kept], xy2 = new int[2 * kept];
        float[] conf = new float[kept];
        for (int i = 0; i < kept; i++) {
            int k = keep[i];
            xy1[2 * i] = m.xy1()[2 * k];
            xy1[2 * i + 1] = m.xy1()[2 * k + 1];
            xy2[2 * i] = m.xy2()[2 * k];
            xy2[2 * i + 1] = m.xy2()[2 * k + 1];
            conf[i] = m.conf()[k];
        }
        return toOriginal(new Matches(xy1, xy2, conf), a, b);
    }

    private static boolean inside(int[] xy, int k, PreparedImage img, int border) {
        int x = xy[2 * k], y = xy[2 * k + 1];
        return x >= border && x < img.width() - border && y >= border && y < img.height() - border;
    }

    private static double clamp(double v, int size) {
        return Math.min(size - 1, Math.max(0, v));
    }
}
