package org.mast3r.pipeline;

/**
 * Matches in pixel coordinates of the ORIGINAL images (after EXIF orientation): {@code xy1}, {@code xy2}
 * [M, 2] (x, y) interleaved, pixel centres at integers, every x in [0, W - 1] and y in [0, H - 1];
 * {@code conf} [M] the lower of the two descriptor confidences.
 */
public record PixelMatches(double[] xy1, double[] xy2, float[] conf) {
    public int count() {
        return conf.length;
    }
}
