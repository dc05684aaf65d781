package org.mast3r.pipeline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.mast3r.image.Normalize;
import org.mast3r.image.RgbImage;
import org.mast3r.matching.CoarseToFine;
import org.mast3r.matching.Matches;
import org.mast3r.model.InputImage;
import org.mast3r.model.PairOutput;

/**
 * The fine pass of coarse-to-fine matching on full-resolution images: window pairs chosen from the
 * coarse matches, the network on each pair at window resolution (windows are cut, never resampled),
 * pixel-tolerance matching inside the pair, then every match mapped back to full resolution and the
 * duplicates that overlapping windows produce merged (the most confident copy is kept).
 */
// ref: naver/mast3r f5209af visloc.py (coarse_to_fine branch, fine_matching) — departs in matching
// both directions (extract_correspondences_nonsym) instead of map-to-query only, as there is no map.
final class FinePass {
    static final int MAXDIM = 512;
    static final double OVERLAP = 0.5;

    record Result(PixelMatches matches, int cropPairs) {}

    private FinePass() {}

    static Result run(Mast3r model, RgbImage full1, RgbImage full2, PixelMatches coarse, MatchOptions options, Progress progress) {
        int[] forced1 = NetworkResolution.of(full1.height(), full1.width());
        int[] forced2 = NetworkResolution.of(full2.height(), full2.width());
        CoarseToFine.CropPairs pairs = CoarseToFine.selectPairsOfCrops(full1.height(), full1.width(), full2.height(), full2.width(),
                coarse.xy1(), coarse.xy2(), MAXDIM, OVERLAP, forced1, forced2);
        Map<Long, Integer> index = new HashMap<>();
        Accumulator acc = new Accumulator();
        for (int i = 0; i < pairs.size(); i++) {
            progress.update("crop pairs", i, pairs.size());
            int[] cell1 = Arrays.copyOfRange(pairs.cropsQ(), 4 * i, 4 * i + 4);
            int[] cell2 = Arrays.copyOfRange(pairs.cropsB(), 4 * i, 4 * i + 4);
            PairOutput out = model.infer(window(full1, cell1), window(full2, cell2));
            Matches m = Matching.networkMatches(model, out, options.subsample(), options.pixelTol());
            double[] xy1 = CoarseToFine.toFullResolution(m.xy1(), cell1, 1.0);
            double[] xy2 = CoarseToFine.toFullResolution(m.xy2(), cell2, 1.0);
            for (int k = 0; k < m.count(); k++) acc.add(index, full1.width(), full2.width(), xy1, xy2, k, m.conf()[k]);
        }
        progress.update("crop pairs", pairs.size(), pairs.size());
        return new Result(acc.matches(), pairs.size());
    }

    /** The window [x0, x1) x [y0, y1) of a full-resolution image as a network input. */
    private static InputImage window(RgbImage full, int[] cell) {
        int w = cell[2] - cell[0], h = cell[3] - cell[1];
        RgbImage crop = full.crop(cell[0], cell[1], w, h);
        return new InputImage(h, w, Normalize.chw(crop.rgb(), w, h));
    }

    /** Matches from all window pairs, one entry per distinct full-resolution pixel pair. */
    private static final class Accumulator {
        private double[] xy1 = new double[64], xy2 = new double[64];
        private float[] conf = new float[32];
        private int n;

        void add(Map<Long, Integer> index, int w1, int w2, double[] a, double[] b, int k, float c) {
            long p1 = (long) a[2 * k + 1] * w1 + (long) a[2 * k];
            long p2 = (long) b[2 * k + 1] * w2 + (long) b[2 * k];
            long key = p1 * 0x9E3779B97F4A7C15L ^ p2;
            Integer at = index.get(key);
            if (at != null && xy1[2 * at] == a[2 * k] && xy1[2 * at + 1] == a[2 * k + 1]
                    && xy2[2 * at] == b[2 * k] && xy2[2 * at + 1] == b[2 * k + 1]) {
                conf[at] = Math.max(conf[at], c);
                return;
            }
            if (n == conf.length) {
                conf = Arrays.copyOf(conf, 2 * n);
                xy1 = Arrays.copyOf(xy1, 4 * n);
                xy2 = Arrays.copyOf(xy2, 4 * n);
            }
            xy1[2 * n] = a[2 * k];
            xy1[2 * n + 1] = a[2 * k + 1];
            xy2[2 * n] = b[2 * k];
            xy2[2 * n + 1] = b[2 * k + 1];
            conf[n] = c;
            if (at == null) index.put(key, n);
            n++;
        }

        PixelMatches matches() {
            return new PixelMatches(Arrays.copyOf(xy1, 2 * n), Arrays.copyOf(xy2, 2 * n), Arrays.copyOf(conf, n));
        }
    }
}
