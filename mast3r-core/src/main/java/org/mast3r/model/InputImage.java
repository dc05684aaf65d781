package org.mast3r.model;

/** A normalised network input: [3, H, W] float32, (rgb/255 - 0.5) / 0.5, H and W multiples of the patch. */
public record InputImage(int height, int width, float[] chw) {
    public InputImage {
        if (chw.length != 3 * height * width) {
            throw new IllegalArgumentException("image data has " + chw.length + " values for 3x" + height + "x" + width);
        }
    }
}
