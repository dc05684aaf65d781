package org.mast3r.scene.align;

import java.util.Arrays;

/**
 * scipy.cluster.hierarchy.linkage(y, method='ward') on a condensed distance matrix, step for step, so that
 * ties resolve as scipy resolves them.
 *
 * <p>Output Z [n-1, 4]: rows (a, b, distance, count) with a &lt; b; observations are 0..n-1 and the cluster made
 * by row k is n + k. scipy builds the merges with the nearest-neighbour chain, stable-sorts them by distance
 * (so equal distances keep the order the chain found them in), then relabels them with a union-find.
 */
// ref: scipy cluster/hierarchy/_hierarchy.pyx nn_chain, label, LinkageUnionFind;
//      _hierarchy_distance_update.pxi _ward (scipy 1.17, the version the multiview fixture used)
final class WardLinkage {
    private WardLinkage() {}

    /** Z [n-1][4] from the condensed distances y [n(n-1)/2] (row-major upper triangle, as squareform gives). */
    static double[][] linkage(double[] y, int n) {
        if ((long) n * (n - 1) / 2 != y.length) {
            throw new IllegalArgumentException("condensed distances: " + y.length + " values do not fit " + n + " points");
        }
        for (double v : y) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("condensed distances must be finite");
        }
        double[][] z = nnChain(y.clone(), n);
        // ref: nn_chain: order = np.argsort(Z[:, 2], kind='mergesort') — a stable sort, as is Arrays.sort on objects
        Arrays.sort(z, (p, q) -> Double.compare(p[2], q[2]));
        label(z, n);
        return z;
    }

    /** The merges in the order the chain finds them, as (slot x, slot y, distance, size); d is overwritten. */
    private static double[][] nnChain(double[] d, int n) {
        double[][] z = new double[n - 1][];
        int[] size = new int[n];
        Arrays.fill(size, 1);
        int[] chain = new int[n];
        int chainLength = 0;
        for (int k = 0; k < n - 1; k++) {
            if (chainLength == 0) {
                chainLength = 1;
                for (int i = 0; i < n; i++) {
                    if (size[i] > 0) {
                        chain[0] = i;
                        break;
                    }
                }
            }
            int x, y = 0;
            double currentMin;
            // walk the chain of nearest neighbours until two clusters are each other's nearest
            while (true) {
                x = chain[chainLength - 1];
                // prefer the previous element of the chain on ties, so the walk cannot cycle
                if (chainLength > 1) {
                    y = chain[chainLength - 2];
                    currentMin = d[index(n, x, y)];
                } else {
                    currentMin = Double.POSITIVE_INFINITY;
                }
                for (int i = 0; i < n; i++) {
                    if (size[i] == 0 || x == i) continue;
                    double dist = d[index(n, x, i)];
                    if (dist < currentMin) {
                        currentMin = dist;
                        y = i;
                    }
                }
                if (chainLength > 1 && y == chain[chainLength - 2]) break;
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y) {
                int t = x;
                x = y;
                y = t;
            }
            int nx = size[x], ny = size[y];
            z[k] = new double[] {x, y, currentMin, nx + ny};
            // the merged cluster lives on in slot y
            size[x] = 0;
            size[y] = nx + ny;
            for (int i = 0; i < n; i++) {
                int ni = size[i];
                if (ni == 0 || i == y) continue;
                d[index(n, i, y)] = ward(d[index(n, i, x)], d[index(n, i, y)], currentMin, nx, ny, ni);
            }
        }
        return z;
    }

    // ref: _ward: the Lance-Williams update on distances (not squared), in scipy's operation order
    private static double ward(double dxi, double dyi, double dxy, int nx, int ny, int ni) {
        double t = 1.0 / (nx + ny + ni);
        return Math.sqrt((double) (ni + nx) * t * dxi * dxi
                + (double) (ni + ny) * t * dyi * dyi
                - (double) ni * t * dxy * dxy);
    }

    /** Renames slots to cluster ids (n + row) in distance order and recounts the sizes. */
    private static void label(double[][] z, int n) {
        int[] parent = new int[2 * n - 1];
        int[] size = new int[2 * n - 1];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
            size[i] = 1;
        }
        int next = n;
        for (double[] row : z) {
            int xr = find(parent, (int) row[0]), yr = find(parent, (int) row[1]);
            row[0] = Math.min(xr, yr);
            row[1] = Math.max(xr, yr);
            parent[xr] = next;
            parent[yr] = next;
            size[next] = size[xr] + size[yr];
            row[3] = size[next];
            next++;
        }
    }

    private static int find(int[] parent, int x) {
        int root = x;
        while (parent[root] != root) root = parent[root];
        while (parent[x] != root) {
            int up = parent[x];
            parent[x] = root;
            x = up;
        }
        return root;
    }

    /** Position of (i, j), i != j, in the condensed matrix. */
    static int index(int n, int i, int j) {
        if (i > j) {
            int t = i;
            i = j;
            j = t;
        }
        return n * i - i * (i + 1) / 2 + (j - i - 1);
    }
}
