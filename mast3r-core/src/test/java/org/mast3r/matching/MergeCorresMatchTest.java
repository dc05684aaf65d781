package org.mast3r.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** merge_corres and the seed rules, with numbers worked by hand from the reference's numpy calls. */
class MergeCorresMatchTest {
    @Test
    void duplicatePairsDroppedSortedByIdx1ThenIdx2FirstOccurrenceKept() {
        // np.unique(np.c_[idx2, idx1].view(np.int64), return_index=True)
        Pairs p = MergeCorres.merge(new int[] {5, 1, 5, 1, 0, 5}, new int[] {2, 7, 1, 7, 3, 2});
        assertArrayEquals(new int[] {0, 1, 5, 5}, p.idx1());
        assertArrayEquals(new int[] {3, 7, 1, 2}, p.idx2());
        assertArrayEquals(new int[] {4, 1, 2, 0}, p.firstIndex());
    }

    @Test
    void seedsAreSortedUniqueAndGridStartsAtHalfStep() {
        // np.mgrid[S//2:H:S, S//2:W:S] with S=4 on 10x9 -> y {2, 6}, x {2, 6}
        assertArrayEquals(new int[] {20, 24, 56, 60}, Seeds.grid(4).start(10, 9));
        assertArrayEquals(new int[] {1, 9, 10}, Seeds.points(new long[] {1, 1, 0, 1}, new long[] {1, 0, 1, 1}).start(5, 9));
        assertThrows(IllegalArgumentException.class, () -> Seeds.points(new long[] {9}, new long[] {4}).start(5, 9));
    }
}
