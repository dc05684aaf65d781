package org.mast3r.scene.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mast3r.scene.MultiviewOutputs;
import org.mast3r.weights.Safetensors;

/**
 * The kinematic tree against the multiview fixture and against small hand-made score matrices. The expected
 * trees of the hand-made cases were worked by hand from scipy's rules (see SpanningTree) and agree with the
 * reference code run on them (sparse_ga's tree-building lines with numpy for torch, scipy 1.17.1):
 * <pre>
 *   cd, Z, tree, root, edges = hclust(scores, np.array([[256, 192]] * n), 8)   # the lines of
 *   root, edges = compute_min_spanning_tree(scores)                           # sparse_global_alignment
 * </pre>
 */
class KinematicTreeTest {
    private static final int[] W4 = {256, 256, 256, 256};
    private static final int[] H4 = {192, 192, 192, 192};

    @Test
    void reproducesTheMultiviewFixture() {
        try (Safetensors out = MultiviewOutputs.open()) {
            float[] scores = out.require("pairwise_scores").toFloats();
            int[] imsizes = out.require("imsizes").toInts();
            int n = imsizes.length / 2;
            int[] w = new int[n], h = new int[n];
            for (int i = 0; i < n; i++) {
                w[i] = imsizes[2 * i];
                h[i] = imsizes[2 * i + 1];
            }
            KinematicTree tree = KinematicTree.build(AlignOptions.Kinematic.HCLUST_WARD, scores, w, h, 8);

            assertClose(out.require("hclust.condensed_distance").toDoubles(), tree.ward().condensedDistance(),
                    1e-9, "hclust.condensed_distance");
            assertClose(out.require("hclust.linkage").toDoubles(), flat(tree.ward().linkage()), 1e-9,
                    "hclust.linkage");
            assertArrayEquals(out.require("tree.adjacency").toInts(), flat(tree.ward().adjacency()), "tree.adjacency");
            assertEquals(out.require("tree.root").toInts()[0], tree.root(), "tree.root");
            assertArrayEquals(out.require("tree.edges").toInts(), flat(tree.edges()), "tree.edges");

            // mode 'mst' on the same counts: the maximum spanning tree is the chain 0-1-2-3 (975, 1014, 866);
            // ranks from 0 are (0,1,2,3), from 3 (3,2,1,0): root = first argmax of (0,1,1,0) = 1; from 1 the
            // search takes row 1 (column 2) before column 1 (row 0), then 3 from 2.
            KinematicTree mst = KinematicTree.build(AlignOptions.Kinematic.MST, scores, w, h, 8);
            assertEquals(1, mst.root());
            assertArrayEquals(new int[][] {{1, 2}, {1, 0}, {2, 3}}, mst.edges());
            assertNull(mst.ward());
        }
    }

    @Test
    void chain() {
        float[] s = scores(5, new int[][] {{0, 1, 300}, {1, 2, 310}, {2, 3, 320}, {3, 4, 330}});
        // mst: the chain itself, rooted at its middle image
        check(KinematicTree.mst(s, 5), 2, new int[][] {{2, 3}, {2, 1}, {3, 4}, {1, 0}});
        // hclust: {3,4} then {1,2} merge first; 0 joins {1,2} through its representative 2, which wins the
        // row-sum comparison again and links to 3 (the representative of {3,4}, larger row sum than 4)
        KinematicTree t = KinematicTree.hclustWard(s, w(5), h(5), 8);
        double[][] z = {{3, 4, 0.8567708134651184, 2}, {1, 2, 0.8654513955116272, 2}, {0, 6, 1.709197573710869, 3},
                {5, 7, 2.5274544925748925, 5}};
        assertClose(flat(z), flat(t.ward().linkage()), 1e-12, "chain linkage");
        assertClose(new double[] {0.8697916865348816, 2, 2, 2, 0.8654513955116272, 2, 2, 0.8611111044883728, 2,
                0.8567708134651184}, t.ward().condensedDistance(), 0, "chain distances");
        check(t, 0, new int[][] {{0, 2}, {2, 3}, {2, 1}, {3, 4}});
    }

    @Test
    void star() {
        float[] s = scores(5, new int[][] {{2, 0, 400}, {2, 1, 300}, {2, 3, 500}, {2, 4, 200}});
        // ranks from 0: 0 4 1 2 3, from 1: 4 0 1 2 3 -> min 0 0 1 2 3: the leaf met last (4) is the root
        int[][] edges = {{4, 2}, {2, 3}, {2, 0}, {2, 1}};
        check(KinematicTree.mst(s, 5), 4, edges);
        KinematicTree t = KinematicTree.hclustWard(s, w(5), h(5), 8);
        assertClose(flat(new double[][] {{2, 3, 0.7829861044883728, 2}, {0, 5, 1.7080954279965328, 3},
                {1, 6, 1.869653572521247, 4}, {4, 7, 1.9308851015923671, 5}}), flat(t.ward().linkage()), 1e-12,
                "star linkage");
        check(t, 4, edges);
    }

    @Test
    void allScoresTied() {
        float[] s = scores(5, new int[][] {{0, 1, 500}, {0, 2, 500}, {0, 3, 500}, {0, 4, 500}, {1, 2, 500},
                {1, 3, 500}, {1, 4, 500}, {2, 3, 500}, {2, 4, 500}, {3, 4, 500}});
        // Kruskal takes the entries in row-major order: (0,1) (0,2) (0,3) (0,4), a star around 0;
        // ranks from 0: 0 1 2 3 4, from 4: 1 2 3 4 0, from 3: 1 2 3 0 4 -> min 1 2 3 0 0, root 2
        check(KinematicTree.mst(s, 5), 2, new int[][] {{2, 0}, {0, 1}, {0, 3}, {0, 4}});
        // Ward on equal distances: the chain from 0 merges (0,1), then each next image joins the cluster; the
        // cluster keeps the representative 1 (on equal row sums the second one, b, wins)
        KinematicTree t = KinematicTree.hclustWard(s, w(5), h(5), 8);
        assertClose(flat(new double[][] {{0, 1, 0.7829861044883728, 2}, {2, 5, 0.7829861044883728, 3},
                {3, 6, 0.7829861044883728, 4}, {4, 7, 0.7829861044883728, 5}}), flat(t.ward().linkage()), 1e-12,
                "tied linkage");
        check(t, 3, new int[][] {{3, 1}, {1, 2}, {1, 4}, {1, 0}});
    }

    @Test
    void tiedRing() {
        float[] s = scores(6, new int[][] {{0, 1, 600}, {1, 2, 600}, {2, 3, 600}, {3, 4, 600}, {4, 5, 600},
                {5, 0, 600}});
        check(KinematicTree.mst(s, 6), 1, new int[][] {{1, 2}, {1, 0}, {2, 3}, {0, 5}, {3, 4}});
        KinematicTree t = KinematicTree.hclustWard(s, w(6), h(6), 8);
        assertClose(flat(new double[][] {{0, 1, 0.7395833730697632, 2}, {2, 3, 0.7395833730697632, 2},
                {4, 5, 0.7395833730697632, 2}, {6, 7, 2.3930123729599426, 4}, {8, 9, 2.3930123729599426, 6}}),
                flat(t.ward().linkage()), 1e-12, "ring linkage");
        check(t, 0, new int[][] {{0, 1}, {1, 3}, {1, 5}, {3, 2}, {5, 4}});
    }

    @Test
    void twoImages() {
        float[] s = scores(2, new int[][] {{0, 1, 123}});
        check(KinematicTree.mst(s, 2), 0, new int[][] {{0, 1}});
        KinematicTree t = KinematicTree.hclustWard(s, new int[] {256, 256}, new int[] {192, 192}, 8);
        // 1 - 123 / (3 * 32 * 24) in float32
        assertClose(new double[] {0.9466145634651184}, t.ward().condensedDistance(), 0, "two distance");
        check(t, 0, new int[][] {{0, 1}});
    }

    @Test
    void imageWithoutMatches() {
        // image 3 matched nothing: distance 2 to everyone, so Ward still attaches it, last, to the cluster's
        // representative; the maximum spanning tree cannot reach it, which the reference's optimiser refuses
        // later (len(mst[1]) == n - 1), so we refuse it at once
        float[] s = scores(4, new int[][] {{0, 1, 900}, {1, 2, 800}, {0, 2, 700}});
        KinematicTree t = KinematicTree.hclustWard(s, W4, H4, 8);
        assertClose(flat(new double[][] {{0, 1, 0.609375, 2}, {2, 4, 0.6952780268637457, 3},
                {3, 5, 2.4054755545803963, 4}}), flat(t.ward().linkage()), 1e-12, "lonely linkage");
        check(t, 2, new int[][] {{2, 1}, {1, 3}, {1, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KinematicTree.mst(s, 4));
        assertTrue(e.getMessage().contains("connected"), e.getMessage());
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> KinematicTree.mst(new float[1], 1));
        float[] asym = scores(3, new int[][] {{0, 1, 5}, {1, 2, 5}});
        asym[2] = 7;
        assertThrows(IllegalArgumentException.class, () -> KinematicTree.hclustWard(asym, w(3), h(3), 8));
        assertThrows(IllegalArgumentException.class,
                () -> KinematicTree.hclustWard(scores(2, new int[][] {{0, 1, 5}}), new int[] {4, 256},
                        new int[] {192, 192}, 8));
    }

    private static void check(KinematicTree t, int root, int[][] edges) {
        assertEquals(root, t.root(), "root");
        assertArrayEquals(edges, t.edges(), "edges");
    }

    private static float[] scores(int n, int[][] entries) {
        float[] s = new float[n * n];
        for (int[] e : entries) s[e[0] * n + e[1]] = s[e[1] * n + e[0]] = e[2];
        return s;
    }

    private static int[] w(int n) {
        int[] v = new int[n];
        java.util.Arrays.fill(v, 256);
        return v;
    }

    private static int[] h(int n) {
        int[] v = new int[n];
        java.util.Arrays.fill(v, 192);
        return v;
    }

    private static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static int[] flat(int[][] m) {
        return java.util.Arrays.stream(m).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    private static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= tol, what + "[" + i + "]: " + got[i] + " vs " + want[i]);
        }
    }
}
