package org.mast3r.geometry;

/** A x = b for a small dense n x n system, Gaussian elimination with partial pivoting. */
final class LinearSolve {
    private LinearSolve() {}

    /** {@code a} row-major n x n (overwritten), {@code b} [n] (overwritten); null when singular. */
    static double[] solve(double[] a, double[] b, int n) {
        double norm = 0;
        for (double v : a) norm = Math.max(norm, Math.abs(v));
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int i = col + 1; i < n; i++) if (Math.abs(a[i * n + col]) > Math.abs(a[piv * n + col])) piv = i;
            if (!(Math.abs(a[piv * n + col]) > 1e-14 * norm)) return null;
            if (piv != col) {
                for (int j = 0; j < n; j++) { double tmp = a[col * n + j]; a[col * n + j] = a[piv * n + j]; a[piv * n + j] = tmp; }
                double tmp = b[col]; b[col] = b[piv]; b[piv] = tmp;
            }
            for (int i = col + 1; i < n; i++) {
                double f = a[i * n + col] / a[col * n + col];
                if (f == 0) continue;
                for (int j = col; j < n; j++) a[i * n + j] -= f * a[col * n + j];
                b[i] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= a[i * n + j] * x[j];
            x[i] = s / a[i * n + i];
        }
        return x;
    }
}
