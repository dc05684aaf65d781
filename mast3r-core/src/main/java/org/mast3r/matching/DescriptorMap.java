package org.mast3r.matching;

/**
 * A dense per-pixel feature map {@code [H, W, D]} in row-major float32 ({@code data[(y*W + x)*D + d]}).
 * Pixel index {@code i = y*W + x} is how every matching routine names a pixel.
 */
public record DescriptorMap(float[] data, int h, int w, int dim) {
    public DescriptorMap {
        if (h < 1 || w < 1 || dim < 1) throw new IllegalArgumentException("map shape must be positive, got [" + h + "," + w + "," + dim + "]");
        if ((long) h * w * dim != data.length) {
            throw new IllegalArgumentException("map data has " + data.length + " floats, shape [" + h + "," + w + "," + dim + "] needs " + (long) h * w * dim);
        }
    }

    public int pixels() {
        return h * w;
    }
}
