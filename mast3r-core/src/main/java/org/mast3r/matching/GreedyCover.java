package org.mast3r.matching;

/**
 * {@code greedy_selection}: picks window pairs one at a time, each the pair with the largest remaining
 * weight (lowest index on ties), subtracting what it covers from all pairs, until the covered weight
 * reaches {@code target} of the total (the total counts each match once, at its best pair).
 * Weights are [pairs][matches].
 * // ref: mast3r/utils/coarse_to_fine.py greedy_selection
 */
public final class GreedyCover {
    private GreedyCover() {}

    public static int[] select(double[][] weights, double target) {
        if (!(target > 0 && target <= 1)) throw new IllegalArgumentException("target must be in (0, 1], got " + target);
        int rows = weights.length, n = rows == 0 ? 0 : weights[0].length;
        if (rows == 0) return new int[0];
        double[][] w = new double[rows][];
        for (int r = 0; r < rows; r++) w[r] = weights[r].clone();
        double[] colMax = new double[n];
        for (int k = 0; k < n; k++) {
            double m = w[0][k];
            for (int r = 1; r < rows; r++) m = Math.max(m, w[r][k]);
            colMax[k] = m;
        }
        double goal = target * NumpyReductions.sum(colMax, 0, n);
        double[] cur = new double[n];
        java.util.List<Integer> picked = new java.util.ArrayList<>();
        while (NumpyReductions.sum(cur, 0, n) < goal) {
            int best = 0;
            double bestSum = NumpyReductions.sum(w[0], 0, n);
            for (int r = 1; r < rows; r++) {
                double s = NumpyReductions.sum(w[r], 0, n);
                if (s > bestSum) {
                    bestSum = s;
                    best = r;
                }
            }
            picked.add(best);
            double[] chosen = w[best].clone();
            for (int k = 0; k < n; k++) cur[k] += chosen[k];
            for (double[] row : w) for (int k = 0; k < n; k++) row[k] = Math.max(row[k] - chosen[k], 0);
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Row sums as numpy computes {@code weights.sum(axis=1)}. */
    public static double[] rowSums(double[][] weights) {
        double[] out = new double[weights.length];
        for (int r = 0; r < out.length; r++) out[r] = NumpyReductions.sum(weights[r], 0, weights[r].length);
        return out;
    }
}
