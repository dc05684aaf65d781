package org.mast3r.matching;

import org.mast3r.kernels.Parallel;

/**
 * Which nearest-neighbour search {@code fast_reciprocal_NNs} uses: the reference's {@code cdistMatcher}
 * (given {@code dist} and {@code block_size}) or its scipy KDTree (neither given).
 */
public record Matcher(boolean kdtree, Dist dist, int blockSize) {
    /** The setting of {@code extract_correspondences_nonsym} and of {@code mast3r match}: dot, block 2^13. */
    public static final Matcher DOT = bruteforce(Dist.DOT, 1 << 13);

    public static Matcher bruteforce(Dist dist, int blockSize) {
        return new Matcher(false, dist, blockSize);
    }

    public static Matcher kdTree() {
        return new Matcher(true, Dist.L2, 0);
    }

    /** Nearest neighbours of {@code query} pixels among {@code db} pixels. */
    public NearestNeighbors create(DescriptorMap query, DescriptorMap db, Parallel parallel) {
        if (kdtree) return new EuclideanNN(query, db, parallel);
        if (dist == Dist.DOT) return CachedDotNN.create(query, db, parallel);
        return new BlockedNN(query, db, dist, blockSize, parallel);
    }
}
