package org.mast3r.matching;

/**
 * {@code _score_cell}: pairs every window of image 1 holding at least {@code minCorres} coarse matches
 * with a window of image 2 centred on where those matches land (float32 mean) and scaled by the ratio of
 * their robust spreads (10%-90% quantiles of float32 positions, at least 20 px), normalised to the forced
 * resolution; then weighs each match in each pair by Gaussian falloffs from both window centres.
 * Positions are {@code [N, 2]} (x, y) float64; cells int[n*4] {@code [x0, y0, x1, y1]}.
 * // ref: mast3r/utils/coarse_to_fine.py _score_cell, _weight_pixels, pos2d_in_rect
 */
public final class CellScoring {
    /** Kept windows of image 1 and 2 (int[m*4]) and weights [m][N] (0 where a match is outside cell1). */
    public record Scored(int[] cell1, int[] cell2, double[][] weights) {
        public int size() {
            return weights.length;
        }
    }

    private static final double GAUSS_VAR = 2;

    private CellScoring() {}

    public static Scored score(int[] cells1, int h2, int w2, double[] p1, double[] p2, int minCorres, int[] forced) {
        if (p1.length != p2.length) throw new IllegalArgumentException("the two position lists differ in length");
        int n = p1.length / 2, cells = cells1.length / 4;
        java.util.List<int[]> kept = new java.util.ArrayList<>();
        java.util.List<boolean[]> keptAssigned = new java.util.ArrayList<>();
        for (int c = 0; c < cells; c++) {
            boolean[] in = new boolean[n];
            int count = 0;
            for (int k = 0; k < n; k++) {
                double x = p1[2 * k], y = p1[2 * k + 1];
                in[k] = cells1[4 * c] <= x && x < cells1[4 * c + 2] && cells1[4 * c + 1] <= y && y < cells1[4 * c + 3];
                if (in[k]) count++;
            }
            if (count >= minCorres) {
                kept.add(java.util.Arrays.copyOfRange(cells1, 4 * c, 4 * c + 4));
                keptAssigned.add(in);
            }
        }
        int m = kept.size();
        double[] target = new double[m * 4];
        for (int c = 0; c < m; c++) {
            boolean[] in = keptAssigned.get(c);
            int[] cell = kept.get(c);
            float[] cx2 = assignedF32(p2, in, 0), cy2 = assignedF32(p2, in, 1);
            double std1x = spread(assignedF32(p1, in, 0)), std1y = spread(assignedF32(p1, in, 1));
            double std2x = spread(cx2.clone()), std2y = spread(cy2.clone());
            float centreX = mean(cx2), centreY = mean(cy2);
            double sizeX = (cell[2] - cell[0]) * std2x / std1x, sizeY = (cell[3] - cell[1]) * std2y / std1y;
            target[4 * c] = centreX - sizeX / 2;
            target[4 * c + 1] = centreY - sizeY / 2;
            target[4 * c + 2] = centreX + sizeX / 2;
            target[4 * c + 3] = centreY + sizeY / 2;
        }
        int[] cell1 = new int[m * 4];
        for (int c = 0; c < m; c++) System.arraycopy(kept.get(c), 0, cell1, 4 * c, 4);
        int[] cell2 = m == 0 ? new int[0] : WindowNorm.normalize(target, h2, w2, forced);
        double[][] weights = new double[m][];
        for (int c = 0; c < m; c++) {
            double[] a = pixelWeights(cell1, c, p1, keptAssigned.get(c));
            double[] b = pixelWeights(cell2, c, p2, keptAssigned.get(c));
            for (int k = 0; k < n; k++) a[k] *= b[k];
            weights[c] = a;
        }
        return new Scored(cell1, cell2, weights);
    }

    /** Coordinate {@code axis} of the assigned positions, as float32 (the reference's float32 copies). */
    private static float[] assignedF32(double[] p, boolean[] in, int axis) {
        int count = 0;
        for (boolean b : in) if (b) count++;
        float[] out = new float[count];
        for (int k = 0, i = 0; k < in.length; k++) if (in[k]) out[i++] = (float) p[2 * k + axis];
        return out;
    }

    /** np.nanmean over float32: float32 running sum in order, then sum / count rounded to float32. */
    private static float mean(float[] v) {
        float s = 0f;
        for (float x : v) s += x;
        return (float) ((double) s / v.length);
    }

    /** Robust spread: q90 - q10, clipped below at 20 px. */
    private static double spread(float[] v) {
        double q10 = NumpyReductions.quantile(v, v.length, 0.1);
        double q90 = NumpyReductions.quantile(v, v.length, 0.9);
        return Math.max(q90 - q10, 20.);
    }

    /** exp(-2 * |(centre - p) / (w, h)|^2) for assigned matches, 0 elsewhere. */
    private static double[] pixelWeights(int[] cells, int c, double[] p, boolean[] in) {
        double cx = ((double) cells[4 * c] + cells[4 * c + 2]) / 2, cy = ((double) cells[4 * c + 1] + cells[4 * c + 3]) / 2;
        double w = cells[4 * c + 2] - cells[4 * c], h = cells[4 * c + 3] - cells[4 * c + 1];
        double[] out = new double[in.length];
        for (int k = 0; k < in.length; k++) {
            if (!in[k]) continue;
            double dx = (cx - p[2 * k]) / w, dy = (cy - p[2 * k + 1]) / h;
            out[k] = Math.exp(-GAUSS_VAR * (dx * dx + dy * dy));
        }
        return out;
    }
}
