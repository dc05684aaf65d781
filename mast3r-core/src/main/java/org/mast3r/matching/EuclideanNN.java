package org.mast3r.matching;

import org.mast3r.kernels.Parallel;

/**
 * Exact Euclidean nearest neighbour, standing in for the reference's {@code scipy.spatial.KDTree}
 * (used when {@code fast_reciprocal_NNs} gets neither {@code dist} nor {@code block_size}).
 *
 * <p>scipy converts the float32 points to float64 and compares squared distances {@code sum (a-b)^2}; so
 * do we, by brute force, so the distances are the same numbers. Among exactly equal distances we return
 * the lowest index; scipy returns whichever of them its tree visits first.
 * // ref: mast3r/fast_nn.py fast_reciprocal_NNs (KDTree branch)
 */
public final class EuclideanNN implements NearestNeighbors {
    private final DescriptorMap query;
    private final DescriptorMap db;
    private final Parallel parallel;

    public EuclideanNN(DescriptorMap query, DescriptorMap db, Parallel parallel) {
        if (query.dim() != db.dim()) throw new IllegalArgumentException("point dims differ: " + query.dim() + " vs " + db.dim());
        this.query = query;
        this.db = db;
        this.parallel = parallel;
    }

    @Override
    public int[] nearest(int[] queryPixels) {
        int dim = query.dim(), n = db.pixels();
        float[] q = query.data(), b = db.data();
        int[] out = new int[queryPixels.length];
        parallel.forRange(queryPixels.length, 8, (s, e) -> {
            for (int k = s; k < e; k++) {
                int qo = queryPixels[k] * dim;
                double best = Double.POSITIVE_INFINITY;
                int bestJ = 0;
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    int bo = j * dim;
                    for (int d = 0; d < dim; d++) {
                        double diff = (double) q[qo + d] - (double) b[bo + d];
                        acc += diff * diff;
                    }
                    if (acc < best) {
                        best = acc;
                        bestJ = j;
                    }
                }
                out[k] = bestJ;
            }
        });
        return out;
    }
}
