package org.mast3r.scene.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pair sets against make_pairs' rules written out again here, for N = 2..40. The expected sets keep the
 * reference's arithmetic (Python % and 2**m), with one difference that PairGraph documents: no self pairs.
 */
class PairGraphTest {
    private static final int[] WINDOWS = {1, 2, 3, 4, 5, 7, 10, 45};

    @Test
    void completeKeepsTheReferenceOrder() {
        // make_pairs(4 images, 'complete'): (1,0) (2,0) (2,1) (3,0) (3,1) (3,2), then reversed (the multiview fixture)
        int[][] want = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {3, 2}, {0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}};
        assertArrayEquals(want, PairGraph.pairs("complete", 4).toArray(int[][]::new));
        for (int n = 2; n <= 40; n++) {
            Set<String> want2 = new HashSet<>();
            for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) want2.add(i + " " + j);
            checkSymmetrised(PairGraph.pairs("complete", n), want2, "complete n=" + n);
        }
    }

    @Test
    void swinSets() {
        for (int n = 2; n <= 40; n++) {
            for (int w : WINDOWS) {
                for (boolean cyclic : new boolean[] {true, false}) {
                    Set<String> want = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        for (int j = 1; j <= w; j++) {
                            int idx = i + j;
                            if (cyclic) idx %= n;
                            if (idx >= n || idx == i) continue;
                            want.add(Math.min(i, idx) + " " + Math.max(i, idx));
                        }
                    }
                    String name = "swin-" + w + (cyclic ? "" : "-noncyclic");
                    List<int[]> got = PairGraph.pairs(name, n);
                    checkSymmetrised(got, want, name + " n=" + n);
                    checkSortedFirstHalf(got, name + " n=" + n);
                }
            }
        }
    }

    @Test
    void logwinSets() {
        for (int n = 2; n <= 40; n++) {
            for (int w : new int[] {1, 2, 3, 4, 5, 6, 7, 9}) {
                for (boolean cyclic : new boolean[] {true, false}) {
                    Set<String> want = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        List<Long> ixs = new ArrayList<>();
                        for (int m = 0; m < w; m++) ixs.add(i - (1L << m));
                        for (int m = 0; m < w; m++) ixs.add(i + (1L << m));
                        for (long j : ixs) {
                            if (cyclic) j = Math.floorMod(j, (long) n);
                            if (j < 0 || j >= n || j == i) continue;
                            want.add(Math.min(i, j) + " " + Math.max(i, j));
                        }
                    }
                    String name = "logwin-" + w + (cyclic ? "" : "-noncyclic");
                    List<int[]> got = PairGraph.pairs(name, n);
                    checkSymmetrised(got, want, name + " n=" + n);
                    checkSortedFirstHalf(got, name + " n=" + n);
                }
            }
        }
    }

    @Test
    void onerefKeepsTheReferenceOrder() {
        int[][] want = {{2, 0}, {2, 1}, {2, 3}, {0, 2}, {1, 2}, {3, 2}};
        assertArrayEquals(want, PairGraph.pairs("oneref-2", 4).toArray(int[][]::new));
        assertArrayEquals(new int[][] {{0, 1}, {0, 2}, {1, 0}, {2, 0}},
                PairGraph.pairs("oneref", 3).toArray(int[][]::new));
        for (int n = 2; n <= 40; n++) {
            for (int ref = 0; ref < n; ref += 3) {
                Set<String> want2 = new HashSet<>();
                for (int j = 0; j < n; j++) if (j != ref) want2.add(ref + " " + j);
                checkSymmetrised(PairGraph.pairs("oneref-" + ref, n), want2, "oneref-" + ref + " n=" + n);
            }
        }
    }

    @Test
    void defaultsAndEdgeCases() {
        assertEquals(PairGraph.parse("swin-3"), PairGraph.parse("swin"));
        assertEquals(PairGraph.parse("swin-3-noncyclic"), PairGraph.parse("swin-noncyclic"));
        assertEquals(PairGraph.parse("logwin-3"), PairGraph.parse("logwin"));
        assertEquals(PairGraph.parse("oneref-0"), PairGraph.parse("oneref"));
        // N = 2: every graph gives the single pair both ways
        for (String g : new String[] {"complete", "swin", "swin-1-noncyclic", "logwin-5", "logwin-noncyclic",
                "oneref-1"}) {
            List<int[]> got = PairGraph.pairs(g, 2);
            assertEquals(2, got.size(), g);
        }
        // a cyclic window as wide as the scene reaches every other image once, never the image itself
        assertEquals(2 * 5 * 4 / 2, PairGraph.pairs("swin-9", 5).size());
        assertEquals(2 * 5 * 4 / 2, PairGraph.pairs("logwin-40", 5).size());
        assertEquals(2 * 5 * 4 / 2, PairGraph.pairs("swin-2000000000-noncyclic", 5).size());
    }

    @Test
    void refusesBadNames() {
        for (String bad : new String[] {"", "swim", "swin-", "swin-x", "swin-0", "swin--1", "swin-3-cyclic",
                "swin-3-4", "logwin-0", "logwin-a-noncyclic", "oneref-", "oneref-x", "oneref-1-2", "complete-3",
                "Complete", "swin-99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairGraph.parse(bad),
                    bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PairGraph.pairs("oneref-4", 4));
        assertThrows(IllegalArgumentException.class, () -> PairGraph.pairs("oneref-7", 4));
        assertThrows(IllegalArgumentException.class, () -> PairGraph.pairs("complete", 1));
    }

    /** got = the pairs of {@code want} (one orientation each), then the same pairs reversed in the same order. */
    private static void checkSymmetrised(List<int[]> got, Set<String> want, String what) {
        assertEquals(2 * want.size(), got.size(), what);
        int half = got.size() / 2;
        Set<String> firstHalf = new HashSet<>();
        for (int k = 0; k < half; k++) {
            int[] p = got.get(k);
            int[] q = got.get(half + k);
            assertArrayEquals(new int[] {p[1], p[0]}, q, what);
            assertTrue(firstHalf.add(Math.min(p[0], p[1]) + " " + Math.max(p[0], p[1])), what + ": repeated pair");
            assertTrue(want.contains(p[0] + " " + p[1]) || want.contains(p[1] + " " + p[0]), what);
        }
        assertEquals(want.size(), firstHalf.size(), what);
    }

    private static void checkSortedFirstHalf(List<int[]> got, String what) {
        int half = got.size() / 2;
        for (int k = 0; k < half; k++) {
            assertTrue(got.get(k)[0] < got.get(k)[1], what);
            if (k > 0) {
                int[] a = got.get(k - 1), b = got.get(k);
                assertTrue(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]), what + ": not sorted");
            }
        }
    }
}
