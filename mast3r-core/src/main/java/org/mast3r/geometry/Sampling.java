package org.mast3r.geometry;

import java.util.SplittableRandom;

/** What the RANSAC loops share: distinct random samples and the adaptive iteration bound. */
final class Sampling {
    private Sampling() {}

    /** Fills {@code out} with distinct indices in [0, n) (rejection: out.length is 3 or 4, n much larger). */
    static void distinct(SplittableRandom random, int n, int[] out) {
        for (int k = 0; k < out.length; k++) {
            int v;
            boolean dup;
            do {
                v = random.nextInt(n);
                dup = false;
                for (int j = 0; j < k; j++) dup |= out[j] == v;
            } while (dup);
            out[k] = v;
        }
    }

    /**
     * The standard adaptive bound: enough samples that one of them is all-inlier with probability
     * {@code confidence}, log(1 - confidence) / log(1 - w^size), for inlier ratio w.
     * ref: OpenCV modules/calib3d/src/ptsetreg.cpp RANSACUpdateNumIters (what solvePnPRansac uses).
     */
    static long iterationsFor(double confidence, double inlierRatio, int sampleSize) {
        double good = Math.pow(inlierRatio, sampleSize);
        if (good >= 1) return 1;
        if (good <= 0) return Long.MAX_VALUE;
        double k = Math.log(1 - confidence) / Math.log(1 - good);
        return k >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(k);
    }
}
