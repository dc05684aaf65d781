package org.mast3r.matching;

import java.util.Arrays;

/**
 * {@code merge_corres}: drops duplicate (idx1, idx2) PAIRS and sorts by idx1 then idx2. The reference
 * packs each pair into one int64 ({@code idx1 * 2^32 + idx2}) and calls {@code np.unique}, whose
 * {@code return_index} is the first occurrence; the same idx1 may stay with several idx2.
 * // ref: mast3r/fast_nn.py merge_corres
 */
public final class MergeCorres {
    private MergeCorres() {}

    /** {@code idx1}, {@code idx2} [N] non-negative flat indices; returns the unique sorted pairs. */
    public static Pairs merge(int[] idx1, int[] idx2) {
        if (idx1.length != idx2.length) throw new IllegalArgumentException("idx1 and idx2 lengths differ: " + idx1.length + " vs " + idx2.length);
        int n = idx1.length;
        long[] keyPos = new long[n];
        // Sort (key, position) with a stable boxed sort: positions stay ascending within a key.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            keyPos[i] = ((long) idx1[i] << 32) | (idx2[i] & 0xffffffffL);
        }
        Arrays.sort(order, (p, q) -> Long.compare(keyPos[p], keyPos[q]));
        int m = 0;
        int[] o1 = new int[n], o2 = new int[n], first = new int[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && keyPos[order[k - 1]] == keyPos[i]) continue;
            o1[m] = idx1[i];
            o2[m] = idx2[i];
            first[m] = i;
            m++;
        }
        return new Pairs(Arrays.copyOf(o1, m), Arrays.copyOf(o2, m), Arrays.copyOf(first, m));
    }
}
