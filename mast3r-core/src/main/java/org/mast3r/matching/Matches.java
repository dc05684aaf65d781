package org.mast3r.matching;

/**
 * Matched pixels: {@code xy1}, {@code xy2} [M, 2] (x, y) interleaved, sorted by (y1*W1 + x1, y2*W2 + x2);
 * {@code conf} [M] = min of the two descriptor confidences, or null when none was computed.
 */
public record Matches(int[] xy1, int[] xy2, float[] conf) {
    public int count() {
        return xy1.length / 2;
    }
}
