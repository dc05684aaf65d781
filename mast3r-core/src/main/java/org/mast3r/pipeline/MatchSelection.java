package org.mast3r.pipeline;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Trimming a match list for output. */
final class MatchSelection {
    private MatchSelection() {}

    /** The {@code k} most confident matches in their original order (ties: earlier first); k <= 0 keeps all. */
    static PixelMatches mostConfident(PixelMatches m, int k) {
        if (k <= 0 || m.count() <= k) return m;
        float[] conf = m.conf();
        int[] keep = IntStream.range(0, m.count()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -conf[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).sorted().toArray();
        double[] xy1 = new double[2 * k], xy2 = new double[2 * k];
        float[] c = new float[k];
        for (int i = 0; i < k; i++) {
            int j = keep[i];
            xy1[2 * i] = m.xy1()[2 * j];
            xy1[2 * i + 1] = m.xy1()[2 * j + 1];
            xy2[2 * i] = m.xy2()[2 * j];
            xy2[2 * i + 1] = m.xy2()[2 * j + 1];
            c[i] = conf[j];
        }
        return new PixelMatches(xy1, xy2, c);
    }
}
