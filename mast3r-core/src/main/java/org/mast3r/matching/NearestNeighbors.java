package org.mast3r.matching;

/**
 * Nearest neighbour of query pixels of one map among all pixels of another (the "tree" of the
 * reference's {@code fast_reciprocal_NNs}). Implementations: {@link CachedDotNN} (SIMD dot, the fast
 * path), {@link BlockedNN} (torch bruteforce semantics for any dist) and {@link EuclideanNN} (the
 * reference's scipy KDTree path).
 */
public interface NearestNeighbors {
    /**
     * For every entry of {@code queryPixels} (pixel indices in the query map, in the order the reference
     * batches them) the pixel index of its nearest neighbour in the database map.
     */
    int[] nearest(int[] queryPixels);
}
