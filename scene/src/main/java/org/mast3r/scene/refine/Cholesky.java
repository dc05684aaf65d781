package org.mast3r.scene.refine;

/** A x = b for a dense symmetric positive definite A [n, n], by Cholesky (A = L L^T, L in A's lower triangle). */
final class Cholesky {
    private Cholesky() {}

    /** Overwrites {@code a} with L and {@code b} with x; false (both then garbage) when A is not positive definite. */
    static boolean solveInPlace(double[] a, double[] b, int n) {
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0)) return false;
            double l = Math.sqrt(d);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double x = a[i * n + j];
                for (int k = 0; k < j; k++) x -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = x / l;
            }
        }
        for (int i = 0; i < n; i++) {   // L z = b
            double x = b[i];
            for (int k = 0; k < i; k++) x -= a[i * n + k] * b[k];
            b[i] = x / a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {   // L^T x = z
            double x = b[i];
            for (int k = i + 1; k < n; k++) x -= a[k * n + i] * b[k];
            b[i] = x / a[i * n + i];
        }
        return true;
    }
}
