package org.mast3r.matching;

import org.mast3r.kernels.Parallel;

/**
 * The matching entry points for {@code mast3r match} and friends. Descriptors are {@code [H, W, D]}
 * row-major float32 (as the network's {@code desc} head writes them), confidences {@code [H, W]}.
 * Results are pixel coordinates (x, y), sorted by (y1*W1 + x1, y2*W2 + x2), identical to the
 * reference's {@code mast3r.fast_nn} up to near-ties that a different float summation order can flip.
 *
 * <pre>{@code
 * try (Parallel p = new Parallel(threads)) {
 *     Matches m = FastMatching.symmetric(desc1, h1, w1, desc2, h2, w2, 24, conf1, conf2, 8, p);
 *     // m.xy1()[2k], m.xy1()[2k+1] in image 1 match m.xy2()[2k], m.xy2()[2k+1] in image 2, score m.conf()[k]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #symmetric}: {@code extract_correspondences_nonsym} (1->2 and 2->1 merged, conf = min of
 *       both descriptor confidences), seeds on a grid of step {@code subsample}.</li>
 *   <li>{@link #reciprocal}: one direction, {@code fast_reciprocal_NNs(desc1, desc2, subsample, dist='dot')}.</li>
 * </ul>
 */
public final class FastMatching {
    private FastMatching() {}

    /** Symmetric matching, pixel tolerance 0 (seeds converge by round trips, up to 10). */
    public static Matches symmetric(float[] desc1, int h1, int w1, float[] desc2, int h2, int w2, int dim,
                                    float[] descConf1, float[] descConf2, int subsample, Parallel parallel) {
        return symmetric(desc1, h1, w1, desc2, h2, w2, dim, descConf1, descConf2, subsample, 0, parallel);
    }

    /** Symmetric matching; {@code pixelTol > 0} keeps grid seeds whose single round trip lands within it. */
    public static Matches symmetric(float[] desc1, int h1, int w1, float[] desc2, int h2, int w2, int dim,
                                    float[] descConf1, float[] descConf2, int subsample, double pixelTol, Parallel parallel) {
        return Correspondences.extractNonsym(new DescriptorMap(desc1, h1, w1, dim), new DescriptorMap(desc2, h2, w2, dim),
                descConf1, descConf2, subsample, pixelTol, Matcher.DOT, parallel);
    }

    /**
     * Symmetric matching of two maps by Euclidean distance (DUSt3R's pointmaps, which share view 1's
     * frame), grid seeds, scored with {@code min(conf1, conf2)}.
     */
    public static Matches symmetricL2(float[] map1, int h1, int w1, float[] map2, int h2, int w2, int dim,
                                      float[] conf1, float[] conf2, int subsample, Parallel parallel) {
        return Correspondences.extractNonsym(new DescriptorMap(map1, h1, w1, dim), new DescriptorMap(map2, h2, w2, dim),
                conf1, conf2, subsample, 0, Matcher.bruteforce(Dist.L2, 1 << 13), parallel);
    }

    /** One-way reciprocal NNs from image 1 (max dot product), grid seeds; {@code conf} is null. */
    public static Matches reciprocal(float[] desc1, int h1, int w1, float[] desc2, int h2, int w2, int dim,
                                     int subsample, Parallel parallel) {
        DescriptorMap m1 = new DescriptorMap(desc1, h1, w1, dim), m2 = new DescriptorMap(desc2, h2, w2, dim);
        Pairs p = FastReciprocalNN.run(h1, w1, Seeds.grid(subsample), 0,
                Matcher.DOT.create(m1, m2, parallel), Matcher.DOT.create(m2, m1, parallel));
        return new Matches(Pairs.toXy(p.idx1(), w1), Pairs.toXy(p.idx2(), w2), null);
    }
}
