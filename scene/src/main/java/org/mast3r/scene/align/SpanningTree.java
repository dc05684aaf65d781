package org.mast3r.scene.align;

import java.util.Arrays;

/**
 * compute_min_spanning_tree of sparse_ga: scipy's minimum_spanning_tree on weights -score, then a root and
 * the tree's edges in breadth-first order from it. Every tie is resolved as scipy resolves it:
 *
 * <ul>
 *   <li>Kruskal visits the stored entries (i, j), score != 0, in a stable sort by weight of their CSR order
 *       (row-major). Both (i, j) and (j, i) are stored, so on equal scores the edge found first is the one of
 *       the lowest row, then lowest column, and an edge is kept at (min, max) when the scores are symmetric.
 *   <li>The tree's breadth-first order (directed=False) visits, from each node p, first the kept entries of
 *       row p by column, then those of column p by row, so neighbours are not simply in index order.
 *   <li>ranks from node 0, then from the last node reached, then from the last node of that; the root is the
 *       first argmax of min(ranks1, ranks2).
 * </ul>
 */
// ref: mast3r/cloud_opt/sparse_ga.py compute_min_spanning_tree, bfs (naver/mast3r f5209af);
//      scipy sparse/csgraph/_min_spanning_tree.pyx (stable argsort of data), _traversal.pyx
//      _breadth_first_undirected (indices of csgraph, then of csgraph.T)
final class SpanningTree {
    private SpanningTree() {}

    /** @param graph [n*n] scores (0 = no edge; the diagonal counts like any entry) */
    static KinematicTree chain(double[] graph, int n, WardTree ward) {
        boolean[] kept = kruskal(graph, n);
        int[] order = new int[n];
        int[] pred = new int[n];
        int[] ranks1 = ranks(kept, n, 0, order, pred);
        int[] ranks2 = ranks(kept, n, argmax(ranks1), order, pred);
        ranks1 = ranks(kept, n, argmax(ranks2), order, pred);
        int[] closeness = new int[n];
        for (int i = 0; i < n; i++) closeness[i] = Math.min(ranks1[i], ranks2[i]);
        int root = argmax(closeness);
        breadthFirst(kept, n, root, order, pred);
        int[][] edges = new int[n - 1][];
        for (int k = 1; k < n; k++) edges[k - 1] = new int[] {pred[order[k]], order[k]};
        return new KinematicTree(root, edges, ward);
    }

    /** kept[i*n + j]: the stored entry (i, j) is an edge of the minimum spanning tree of weights -graph. */
    private static boolean[] kruskal(double[] graph, int n) {
        int stored = 0;
        for (double v : graph) if (v != 0) stored++;
        Integer[] entries = new Integer[stored];
        stored = 0;
        for (int e = 0; e < n * n; e++) if (graph[e] != 0) entries[stored++] = e;
        // ref: i_sort = np.argsort(data, kind='stable'), data = -score; Arrays.sort on objects is stable
        Arrays.sort(entries, (p, q) -> Double.compare(-graph[p], -graph[q]));
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        boolean[] kept = new boolean[n * n];
        int edges = 0;
        for (int k = 0; k < entries.length && edges < n - 1; k++) {
            int e = entries[k];
            int r1 = root(parent, e / n), r2 = root(parent, e % n);
            if (r1 == r2) continue;
            parent[r2] = r1;
            kept[e] = true;
            edges++;
        }
        return kept;
    }

    private static int root(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /** rank[node] = its position in the breadth-first order from start (ref: sparse_ga.bfs). */
    private static int[] ranks(boolean[] kept, int n, int start, int[] order, int[] pred) {
        breadthFirst(kept, n, start, order, pred);
        int[] rank = new int[n];
        for (int k = 0; k < n; k++) rank[order[k]] = k;
        return rank;
    }

    // ref: scipy _breadth_first_undirected: row p of the tree, then row p of its transpose
    private static void breadthFirst(boolean[] kept, int n, int head, int[] order, int[] pred) {
        Arrays.fill(pred, -1);
        order[0] = head;
        int end = 1;
        for (int at = 0; at < end; at++) {
            int p = order[at];
            for (int c = 0; c < n; c++) {
                if (kept[p * n + c] && c != head && pred[c] < 0) {
                    pred[c] = p;
                    order[end++] = c;
                }
            }
            for (int r = 0; r < n; r++) {
                if (kept[r * n + p] && r != head && pred[r] < 0) {
                    pred[r] = p;
                    order[end++] = r;
                }
            }
        }
        if (end < n) {
            throw new IllegalArgumentException("the images do not form one connected graph: " + (n - end)
                    + " of " + n + " cannot be reached from image " + head + " through pairs with matches");
        }
    }

    private static int argmax(int[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
