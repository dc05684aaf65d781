package org.mast3r.pipeline;

/**
 * How {@link Matching} runs: the network's input size (512 or 224), the seed grid step of fast
 * reciprocal matching, at most {@code maxMatches} matches (the most confident; 0 keeps all), and the
 * coarse-to-fine pass with its pixel tolerance.
 */
public record MatchOptions(int size, int subsample, int maxMatches, boolean coarseToFine, double pixelTol) {
    /** visloc.py's fine-matching tolerance. */
    public static final double DEFAULT_PIXEL_TOL = 5;

    public static MatchOptions defaults() {
        return new MatchOptions(512, 8, 0, false, DEFAULT_PIXEL_TOL);
    }
}
