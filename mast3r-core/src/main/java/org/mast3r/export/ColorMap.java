package org.mast3r.export;

import java.awt.image.BufferedImage;

/**
 * A perceptual blue-green-yellow colour ramp (viridis-like, five anchors linearly interpolated) for
 * depth and confidence pictures.
 */
public final class ColorMap {
    private static final int[][] ANCHORS = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37},
    };

    private ColorMap() {}

    /** 0xRRGGBB for t in [0, 1] (clamped; NaN is black). */
    public static int rgb(double t) {
        if (Double.isNaN(t)) return 0;
        double s = Math.min(1, Math.max(0, t)) * (ANCHORS.length - 1);
        int i = Math.min(ANCHORS.length - 2, (int) s);
        double f = s - i;
        int r = (int) Math.round(ANCHORS[i][0] + f * (ANCHORS[i + 1][0] - ANCHORS[i][0]));
        int g = (int) Math.round(ANCHORS[i][1] + f * (ANCHORS[i + 1][1] - ANCHORS[i][1]));
        int b = (int) Math.round(ANCHORS[i][2] + f * (ANCHORS[i + 1][2] - ANCHORS[i][2]));
        return (r << 16) | (g << 8) | b;
    }

    /** values [H*W] mapped from [lo, hi] onto the ramp. */
    public static BufferedImage render(float[] values, int width, int height, double lo, double hi) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double span = hi > lo ? hi - lo : 1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) img.setRGB(x, y, rgb((values[y * width + x] - lo) / span));
        }
        return img;
    }

    /** The finite minimum and maximum of {@code values}, {0, 0} when there is none. */
    public static double[] range(float[] values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo > hi ? new double[] {0, 0} : new double[] {lo, hi};
    }
}
