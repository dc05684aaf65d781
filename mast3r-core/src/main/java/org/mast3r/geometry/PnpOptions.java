package org.mast3r.geometry;

/**
 * Settings of {@link Pnp#solve}. The defaults are dust3r_visloc's run_pnp: 5 px, confidence 0.9999,
 * at most 10,000 iterations (ref: dust3r_visloc/localization.py run_pnp, mode 'cv2'). {@code minInliers}
 * is ours: below it the result is NO_CONSENSUS, since a P3P sample always fits its own 3 points and
 * a few more land within 5 px by chance when every correspondence is wrong.
 */
public record PnpOptions(double thresholdPx, double confidence, int maxIterations, int minInliers, long seed) {
    public static final double THRESHOLD_PX = 5;
    public static final double CONFIDENCE = 0.9999;
    public static final int MAX_ITERATIONS = 10_000;
    public static final int MIN_INLIERS = 15;

    public PnpOptions {
        if (!(thresholdPx > 0)) throw new IllegalArgumentException("PnP threshold must be > 0 px, got " + thresholdPx);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("PnP confidence must be in (0, 1), got " + confidence);
        if (maxIterations < 1) throw new IllegalArgumentException("PnP needs at least 1 iteration, got " + maxIterations);
        if (minInliers < 4) throw new IllegalArgumentException("PnP minInliers must be >= 4, got " + minInliers);
    }

    public static PnpOptions defaults(long seed) {
        return new PnpOptions(THRESHOLD_PX, CONFIDENCE, MAX_ITERATIONS, MIN_INLIERS, seed);
    }

    public PnpOptions withThreshold(double px) {
        return new PnpOptions(px, confidence, maxIterations, minInliers, seed);
    }
}
