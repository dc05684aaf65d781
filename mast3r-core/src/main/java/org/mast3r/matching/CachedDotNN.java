package org.mast3r.matching;

import org.mast3r.kernels.Parallel;

/**
 * Max-dot-product nearest neighbours from one map into another, memoised per query pixel.
 *
 * <p>The answer for a pixel never changes, and the reference's round trips keep re-asking for the same
 * pixels (seeds collapse onto shared neighbours), so each distinct pixel is searched once. The block size
 * of the reference does not matter for {@code dot}: its blocked loop and the unblocked torch.max both
 * return the lowest index among exact maxima, which is what {@link DotArgmax} returns.
 * // ref: mast3r/fast_nn.py bruteforce_reciprocal_nns (dist='dot'), cdistMatcher.query
 */
public final class CachedDotNN implements NearestNeighbors {
    private static final int UNKNOWN = -1;

    private final DescriptorMap query;
    private final DescriptorMap db;
    private final DotArgmax.Packed packed; // null: scalar twin
    private final Parallel parallel;
    private final int[] cache;             // [query pixels] nearest db pixel, or UNKNOWN

    /** {@code packedDb} may be shared between matchers over the same database map; null forces the scalar twin. */
    public CachedDotNN(DescriptorMap query, DescriptorMap db, DotArgmax.Packed packedDb, Parallel parallel) {
        if (query.dim() != db.dim()) throw new IllegalArgumentException("descriptor dims differ: " + query.dim() + " vs " + db.dim());
        this.query = query;
        this.db = db;
        this.packed = packedDb;
        this.parallel = parallel;
        this.cache = new int[query.pixels()];
        java.util.Arrays.fill(cache, UNKNOWN);
    }

    /** A matcher that packs the database itself when SIMD is on. */
    public static CachedDotNN create(DescriptorMap query, DescriptorMap db, Parallel parallel) {
        DotArgmax.Packed packed = DotArgmax.simdSupports(db.pixels()) ? DotArgmax.pack(db.data(), db.pixels(), db.dim()) : null;
        return new CachedDotNN(query, db, packed, parallel);
    }

    @Override
    public int[] nearest(int[] queryPixels) {
        int dim = query.dim();
        // Distinct pixels not seen before, in first-seen order; mark them pending (-2) while collecting.
        int[] todo = new int[queryPixels.length];
        int n = 0;
        for (int px : queryPixels) {
            if (cache[px] == UNKNOWN) {
                cache[px] = -2;
                todo[n++] = px;
            }
        }
        if (n > 0) {
            float[] rows = new float[n * dim];
            float[] src = query.data();
            for (int i = 0; i < n; i++) System.arraycopy(src, todo[i] * dim, rows, i * dim, dim);
            int[] nn = new int[n];
            if (packed != null) DotArgmax.simd(rows, n, packed, nn, parallel);
            else scalarParallel(rows, n, nn);
            for (int i = 0; i < n; i++) cache[todo[i]] = nn[i];
        }
        int[] out = new int[queryPixels.length];
        for (int i = 0; i < out.length; i++) out[i] = cache[queryPixels[i]];
        return out;
    }

    private void scalarParallel(float[] rows, int n, int[] nn) {
        int dim = query.dim();
        parallel.forRange(n, 4, (s, e) -> {
            float[] part = java.util.Arrays.copyOfRange(rows, s * dim, e * dim);
            int[] res = new int[e - s];
            DotArgmax.scalar(part, e - s, db.data(), db.pixels(), dim, res);
            System.arraycopy(res, 0, nn, s, e - s);
        });
    }
}
