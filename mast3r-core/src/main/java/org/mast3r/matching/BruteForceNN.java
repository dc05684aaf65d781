package org.mast3r.matching;

import java.util.Arrays;
import org.mast3r.kernels.Parallel;

/**
 * {@code bruteforce_reciprocal_nns(A, B, block_size, dist)}: for every row of A the index of its nearest
 * row of B ({@code nnA}) and for every row of B its nearest row of A ({@code nnB}), both directions,
 * unfiltered (the name notwithstanding, nothing checks reciprocity).
 *
 * <p>Semantics kept from torch: nearness is the largest dot product ({@code dot}) or the smallest
 * {@code torch.cdist} value ({@code l2}). cdist evaluates {@code sqrt(clamp(|a|^2 + |b|^2 - 2 a.b, 1e-30))}
 * with a matrix product when either operand has more than 25 rows, and {@code sqrt(sum (a-b)^2)}
 * otherwise; that choice is made per call, i.e. per block. Without a block size (or when
 * {@code nA*nB <= block_size^2}) one block covers everything; otherwise blocks of A (outer) and B
 * (inner) run in order, within a block the first index wins a tie, and a later block replaces the
 * running best only when strictly better.
 * // ref: mast3r/fast_nn.py bruteforce_reciprocal_nns
 */
public final class BruteForceNN {
    /** Rows above which torch.cdist switches to the matrix-product formula. */
    private static final int CDIST_MM_ROWS = 25;

    /** nnA [nA] indices into B; nnB [nB] indices into A (null when not asked for). */
    public record Result(int[] nnA, int[] nnB) {}

    private BruteForceNN() {}

    /**
     * A [nA, dim] and B [nB, dim] row-major; {@code blockSize <= 0} means None. {@code wantB} false skips
     * the B direction (the fast-NN matcher needs only nnA) and lets rows run in parallel.
     */
    public static Result run(float[] a, int nA, float[] b, int nB, int dim, Dist dist, int blockSize,
                             boolean wantB, Parallel parallel) {
        boolean blocked = blockSize > 0 && (long) nA * nB > (long) blockSize * blockSize;
        int bsA = blocked ? blockSize : Math.max(1, nA);
        int bsB = blocked ? blockSize : Math.max(1, nB);
        float[] disA = new float[nA], disB = new float[nB];
        Arrays.fill(disA, Float.POSITIVE_INFINITY);
        Arrays.fill(disB, Float.POSITIVE_INFINITY);
        int[] nnA = new int[nA], nnB = new int[nB];
        Arrays.fill(nnA, -1);
        Arrays.fill(nnB, -1);
        float[] normA = dist == Dist.L2 ? squaredNorms(a, nA, dim) : null;
        float[] normB = dist == Dist.L2 ? squaredNorms(b, nB, dim) : null;
        for (int i0 = 0; i0 < nA; i0 += bsA) {
            int i1 = Math.min(nA, i0 + bsA);
            for (int j0 = 0; j0 < nB; j0 += bsB) {
                int j1 = Math.min(nB, j0 + bsB);
                boolean mm = (i1 - i0) > CDIST_MM_ROWS || (j1 - j0) > CDIST_MM_ROWS;
                Block blk = new Block(a, b, dim, dist, mm, normA, normB, j0, j1);
                if (wantB) {
                    blk.rowsAndColumns(i0, i1, disA, nnA, disB, nnB);
                } else {
                    final int fi0 = i0;
                    parallel.forRange(i1 - i0, 16, (s, e) -> blk.rows(fi0 + s, fi0 + e, disA, nnA));
                }
            }
        }
        return new Result(nnA, wantB ? nnB : null);
    }

    private static float[] squaredNorms(float[] x, int n, int dim) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float s = 0f;
            for (int d = 0; d < dim; d++) s += x[i * dim + d] * x[i * dim + d];
            out[i] = s;
        }
        return out;
    }

    /** One (A block, B block) call of the reference's dist function, as "smaller is nearer" values. */
    private record Block(float[] a, float[] b, int dim, Dist dist, boolean mm, float[] normA, float[] normB, int j0, int j1) {
        float value(int i, int j) {
            int ao = i * dim, bo = j * dim;
            if (dist == Dist.DOT) {
                float s = 0f;
                for (int d = 0; d < dim; d++) s = Math.fma(a[ao + d], b[bo + d], s);
                return -s; // the reference negates the max similarity: exact, so ties stay ties
            }
            if (mm) {
                float s = 0f;
                for (int d = 0; d < dim; d++) s = Math.fma(-2f * a[ao + d], b[bo + d], s);
                s = s + normA[i] + normB[j];
                return (float) Math.sqrt(Math.max(s, 1e-30f));
            }
            float s = 0f;
            for (int d = 0; d < dim; d++) {
                float diff = a[ao + d] - b[bo + d];
                s += diff * diff;
            }
            return (float) Math.sqrt(s);
        }

        /** Row minima of rows [i0, i1) over this block's columns, merged strictly into disA/nnA. */
        void rows(int i0, int i1, float[] disA, int[] nnA) {
            rowsAndColumns(i0, i1, disA, nnA, null, null);
        }

        /** Both directions for rows [i0, i1) (columns skipped when disB is null): first index wins ties. */
        void rowsAndColumns(int i0, int i1, float[] disA, int[] nnA, float[] disB, int[] nnB) {
            boolean cols = disB != null;
            int nb = cols ? j1 - j0 : 0;
            float[] colBest = new float[nb];
            int[] colArg = new int[nb];
            Arrays.fill(colArg, -1);
            for (int i = i0; i < i1; i++) {
                float best = Float.POSITIVE_INFINITY;
                int arg = -1;
                for (int j = j0; j < j1; j++) {
                    float v = value(i, j);
                    if (arg < 0 || v < best) {
                        best = v;
                        arg = j;
                    }
                    int c = j - j0;
                    if (cols && (colArg[c] < 0 || v < colBest[c])) {
                        colBest[c] = v;
                        colArg[c] = i;
                    }
                }
                if (best < disA[i]) {
                    disA[i] = best;
                    nnA[i] = arg;
                }
            }
            for (int c = 0; c < nb; c++) {
                if (colBest[c] < disB[j0 + c]) {
                    disB[j0 + c] = colBest[c];
                    nnB[j0 + c] = colArg[c];
                }
            }
        }
    }
}
