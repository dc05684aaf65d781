package org.mast3r.matching;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mast3r.kernels.Parallel;
import org.mast3r.kernels.Simd;

/**
 * Argmax of dot products of query rows against every row of a database: {@code out[k] = argmax_j
 * q_k . db_j}, the lowest j among exact ties (what torch.max returns, and what the reference's blocked
 * loop keeps: a later block replaces the best only when strictly better).
 *
 * <p>Every dot product is the fused chain {@code s = fma(q[d], b[d], s)} for d = 0..D-1 from s = 0, in
 * both the SIMD path and its scalar twin, so the two agree bit for bit.
 *
 * <p>SIMD layout: the database is packed in panels of {@code L} rows, transposed, so one vector load
 * holds dimension d of L consecutive rows: {@code panels[(p*D + d)*L + l] = db[(p*L + l)*D + d]}. Four
 * queries times two panels are accumulated at once (8 FMA chains, enough to hide FMA latency), each lane
 * keeping its own running best (value, index). The database is walked in chunks that fit in L2, and a
 * query's best is merged across chunks with a strict {@code >}.
 */
public final class DotArgmax {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    /** Row indices travel as float lanes: exact below 2^24 rows; larger databases use the scalar twin. */
    private static final int MAX_SIMD_ROWS = 1 << 24;
    /** Bytes of packed database per cache chunk (fits a 1 MiB L2 next to the queries). */
    private static final int CHUNK_BYTES = 256 * 1024;

    /** A database packed for {@link #simd}: {@code n} rows of {@code dim} floats, zero-padded to whole panels. */
    public record Packed(float[] panels, int n, int dim) {
        int panelCount() {
            return (n + L - 1) / L;
        }
    }

    private DotArgmax() {}

    /** Packs {@code db} ([n, dim] row-major) into transposed panels of {@code Simd.LANES} rows. */
    public static Packed pack(float[] db, int n, int dim) {
        int panels = (n + L - 1) / L;
        float[] out = new float[panels * dim * L];
        for (int j = 0; j < n; j++) {
            int p = j / L, l = j % L, base = p * dim * L + l;
            for (int d = 0; d < dim; d++) out[base + d * L] = db[j * dim + d];
        }
        return new Packed(out, n, dim);
    }

    /** Whether {@link #simd} can run a database of {@code n} rows. */
    public static boolean simdSupports(int n) {
        return Simd.ENABLED && n < MAX_SIMD_ROWS;
    }

    /** The spec: plain loops. {@code queries} [nq, dim], {@code db} [n, dim]; writes {@code out[0..nq)}. */
    public static void scalar(float[] queries, int nq, float[] db, int n, int dim, int[] out) {
        for (int k = 0; k < nq; k++) {
            float best = Float.NEGATIVE_INFINITY;
            int bestJ = 0;
            int qo = k * dim;
            for (int j = 0; j < n; j++) {
                float s = 0f;
                int bo = j * dim;
                for (int d = 0; d < dim; d++) s = Math.fma(queries[qo + d], db[bo + d], s);
                if (s > best) {
                    best = s;
                    bestJ = j;
                }
            }
            out[k] = bestJ;
        }
    }

    /** Vector path over a {@link #pack packed} database, parallel over queries. */
    public static void simd(float[] queries, int nq, Packed db, int[] out, Parallel parallel) {
        if (db.n >= MAX_SIMD_ROWS) throw new IllegalArgumentException("database of " + db.n + " rows is too large for float lane indices");
        parallel.forRange(nq, 16, (start, end) -> range(queries, start, end, db, out));
    }

    private static void range(float[] q, int start, int end, Packed db, int[] out) {
        int dim = db.dim;
        int chunkPanels = Math.max(2, CHUNK_BYTES / (4 * dim * L)) & ~1;
        float[] bestV = new float[end - start];
        java.util.Arrays.fill(bestV, Float.NEGATIVE_INFINITY);
        int[] bestI = new int[end - start];
        int total = db.panelCount();
        for (int c0 = 0; c0 < total; c0 += chunkPanels) {
            int c1 = Math.min(total, c0 + chunkPanels);
            for (int k = start; k < end; k += 4) {
                int k1 = Math.min(k + 1, end - 1), k2 = Math.min(k + 2, end - 1), k3 = Math.min(k + 3, end - 1);
                group(q, k * dim, k1 * dim, k2 * dim, k3 * dim, db, c0, c1, bestV, bestI, k - start, end - start);
            }
        }
        for (int k = start; k < end; k++) out[k] = bestI[k - start];
    }

    /**
     * Four queries (offsets o0..o3 into {@code q}) against panels [p0, p1); results merged into
     * {@code bestV/bestI[slot..slot+3]} (slots past {@code limit} are duplicates and dropped).
     */
    private static void group(float[] q, int o0, int o1, int o2, int o3, Packed db, int p0, int p1,
                              float[] bestV, int[] bestI, int slot, int limit) {
        final float[] pan = db.panels;
        final int dim = db.dim;
        final int fullPanels = db.n / L;
        FloatVector ninf = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector zero = FloatVector.zero(F);
        FloatVector av0 = ninf, av1 = ninf, av2 = ninf, av3 = ninf; // best value, even panels
        FloatVector bv0 = ninf, bv1 = ninf, bv2 = ninf, bv3 = ninf; // best value, odd panels
        FloatVector ai0 = zero, ai1 = zero, ai2 = zero, ai3 = zero; // best row index (as float), even
        FloatVector bi0 = zero, bi1 = zero, bi2 = zero, bi3 = zero; // best row index, odd
        FloatVector iota = FloatVector.fromArray(F, iotaArray(), 0);
        int p = p0;
        // Pairs of whole panels: no masking needed.
        for (; p + 1 < p1 && p + 1 < fullPanels; p += 2) {
            FloatVector x0 = zero, x1 = zero, x2 = zero, x3 = zero;
            FloatVector y0 = zero, y1 = zero, y2 = zero, y3 = zero;
            int ba = p * dim * L, bb = ba + dim * L;
            for (int d = 0; d < dim; d++) {
                FloatVector va = FloatVector.fromArray(F, pan, ba + d * L);
                FloatVector vb = FloatVector.fromArray(F, pan, bb + d * L);
                FloatVector s0 = FloatVector.broadcast(F, q[o0 + d]);
                FloatVector s1 = FloatVector.broadcast(F, q[o1 + d]);
                FloatVector s2 = FloatVector.broadcast(F, q[o2 + d]);
                FloatVector s3 = FloatVector.broadcast(F, q[o3 + d]);
                x0 = va.fma(s0, x0); y0 = vb.fma(s0, y0);
                x1 = va.fma(s1, x1); y1 = vb.fma(s1, y1);
                x2 = va.fma(s2, x2); y2 = vb.fma(s2, y2);
                x3 = va.fma(s3, x3); y3 = vb.fma(s3, y3);
            }
            FloatVector ia = iota.add((float) (p * L)), ib = iota.add((float) (p * L + L));
            VectorMask<Float> m;
            m = x0.compare(VectorOperators.GT, av0); av0 = av0.blend(x0, m); ai0 = ai0.blend(ia, m);
            m = x1.compare(VectorOperators.GT, av1); av1 = av1.blend(x1, m); ai1 = ai1.blend(ia, m);
            m = x2.compare(VectorOperators.GT, av2); av2 = av2.blend(x2, m); ai2 = ai2.blend(ia, m);
            m = x3.compare(VectorOperators.GT, av3); av3 = av3.blend(x3, m); ai3 = ai3.blend(ia, m);
            m = y0.compare(VectorOperators.GT, bv0); bv0 = bv0.blend(y0, m); bi0 = bi0.blend(ib, m);
            m = y1.compare(VectorOperators.GT, bv1); bv1 = bv1.blend(y1, m); bi1 = bi1.blend(ib, m);
            m = y2.compare(VectorOperators.GT, bv2); bv2 = bv2.blend(y2, m); bi2 = bi2.blend(ib, m);
            m = y3.compare(VectorOperators.GT, bv3); bv3 = bv3.blend(y3, m); bi3 = bi3.blend(ib, m);
        }
        // Leftover single panels (odd count, or the zero-padded last panel): one at a time, masked.
        for (; p < p1; p++) {
            FloatVector x0 = zero, x1 = zero, x2 = zero, x3 = zero;
            int ba = p * dim * L;
            for (int d = 0; d < dim; d++) {
                FloatVector va = FloatVector.fromArray(F, pan, ba + d * L);
                x0 = va.fma(FloatVector.broadcast(F, q[o0 + d]), x0);
                x1 = va.fma(FloatVector.broadcast(F, q[o1 + d]), x1);
                x2 = va.fma(FloatVector.broadcast(F, q[o2 + d]), x2);
                x3 = va.fma(FloatVector.broadcast(F, q[o3 + d]), x3);
            }
            FloatVector ia = iota.add((float) (p * L));
            VectorMask<Float> valid = ia.compare(VectorOperators.LT, (float) db.n);
            VectorMask<Float> m;
            m = x0.compare(VectorOperators.GT, av0).and(valid); av0 = av0.blend(x0, m); ai0 = ai0.blend(ia, m);
            m = x1.compare(VectorOperators.GT, av1).and(valid); av1 = av1.blend(x1, m); ai1 = ai1.blend(ia, m);
            m = x2.compare(VectorOperators.GT, av2).and(valid); av2 = av2.blend(x2, m); ai2 = ai2.blend(ia, m);
            m = x3.compare(VectorOperators.GT, av3).and(valid); av3 = av3.blend(x3, m); ai3 = ai3.blend(ia, m);
        }
        merge(av0, ai0, bv0, bi0, bestV, bestI, slot, limit);
        merge(av1, ai1, bv1, bi1, bestV, bestI, slot + 1, limit);
        merge(av2, ai2, bv2, bi2, bestV, bestI, slot + 2, limit);
        merge(av3, ai3, bv3, bi3, bestV, bestI, slot + 3, limit);
    }

    /** Reduces one query's lane bests (max value, then the lowest index holding it) into its running best. */
    private static void merge(FloatVector av, FloatVector ai, FloatVector bv, FloatVector bi,
                              float[] bestV, int[] bestI, int slot, int limit) {
        if (slot >= limit) return;
        float max = Math.max(av.reduceLanes(VectorOperators.MAX), bv.reduceLanes(VectorOperators.MAX));
        FloatVector inf = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        float ia = inf.blend(ai, av.compare(VectorOperators.EQ, max)).reduceLanes(VectorOperators.MIN);
        float ib = inf.blend(bi, bv.compare(VectorOperators.EQ, max)).reduceLanes(VectorOperators.MIN);
        float idx = Math.min(ia, ib);
        // Chunks arrive in increasing row order: a later chunk wins only when strictly better.
        if (max > bestV[slot] && idx != Float.POSITIVE_INFINITY) {
            bestV[slot] = max;
            bestI[slot] = (int) idx;
        }
    }

    private static final float[] IOTA = buildIota();

    private static float[] iotaArray() {
        return IOTA;
    }

    private static float[] buildIota() {
        float[] a = new float[L];
        for (int i = 0; i < L; i++) a[i] = i;
        return a;
    }
}
