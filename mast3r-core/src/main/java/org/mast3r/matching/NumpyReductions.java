package org.mast3r.matching;

import java.util.Arrays;

/**
 * The few numpy reductions whose rounding the coarse-to-fine selection depends on, written to give the
 * same doubles: {@code np.sum} of a contiguous float64 run (pairwise summation, 8-way unrolled, blocks
 * of 128) and {@code np.nanquantile(float32 values, q)} with linear interpolation (result float64).
 * // ref: numpy _core/src/umath/loops_utils.h.src pairwise_sum; numpy lib/_function_base_impl.py _quantile, _lerp
 */
final class NumpyReductions {
    private NumpyReductions() {}

    static double sum(double[] a, int from, int n) {
        if (n < 8) {
            double r = 0.;
            for (int i = 0; i < n; i++) r += a[from + i];
            return r;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - (n % 8); i += 8) for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[from + i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return sum(a, from, n2) + sum(a, from + n2, n - n2);
    }

    /** Linear-interpolation quantile of {@code values} (float32, no NaN; sorted in place). */
    static double quantile(float[] values, int n, double q) {
        Arrays.sort(values, 0, n);
        double virtual = (n - 1) * q;
        int prev = (int) Math.floor(virtual);
        int next = Math.min(prev + 1, n - 1);
        prev = Math.max(0, Math.min(prev, n - 1));
        double gamma = virtual - Math.floor(virtual);
        float a = values[prev], b = values[next];
        float diff = b - a; // float32 subtraction, as numpy does before promoting
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }
}
