package org.mast3r.matching;

import org.mast3r.kernels.Parallel;

/**
 * The reference's {@code cdistMatcher}: each batch of queries is one {@link BruteForceNN} call against the
 * whole database with the given dist and block size. Used for {@code l2} (whose cdist formula depends on
 * the block shapes, so the batch is passed exactly as the reference forms it).
 * // ref: mast3r/fast_nn.py cdistMatcher.query
 */
public final class BlockedNN implements NearestNeighbors {
    private final DescriptorMap query;
    private final DescriptorMap db;
    private final Dist dist;
    private final int blockSize;
    private final Parallel parallel;

    /** {@code blockSize <= 0} means None (one block). */
    public BlockedNN(DescriptorMap query, DescriptorMap db, Dist dist, int blockSize, Parallel parallel) {
        if (query.dim() != db.dim()) throw new IllegalArgumentException("descriptor dims differ: " + query.dim() + " vs " + db.dim());
        this.query = query;
        this.db = db;
        this.dist = dist;
        this.blockSize = blockSize;
        this.parallel = parallel;
    }

    @Override
    public int[] nearest(int[] queryPixels) {
        int dim = query.dim();
        float[] rows = new float[queryPixels.length * dim];
        for (int i = 0; i < queryPixels.length; i++) System.arraycopy(query.data(), queryPixels[i] * dim, rows, i * dim, dim);
        return BruteForceNN.run(rows, queryPixels.length, db.data(), db.pixels(), dim, dist, blockSize, false, parallel).nnA();
    }
}
