package org.mast3r.image;

/**
 * What the network sees for one image: {@code rgb} is [height, width, 3] uint8, and the geometry that maps
 * it back to the original (after EXIF orientation): the original was resized to resizedWidth x
 * resizedHeight, then the window at (cropX, cropY) of size width x height was kept.
 */
public record PreparedImage(int width, int height, byte[] rgb,
                            int originalWidth, int originalHeight,
                            int resizedWidth, int resizedHeight, int cropX, int cropY) {
    /** Resized pixels per original pixel along x. */
    public double scaleX() {
        return (double) resizedWidth / originalWidth;
    }

    /** Resized pixels per original pixel along y. */
    public double scaleY() {
        return (double) resizedHeight / originalHeight;
    }

    /** The original x (pixel centres at integers) of network column u, as PIL's resize maps centres. */
    public double originalX(double u) {
        return (u + cropX + 0.5) / scaleX() - 0.5;
    }

    /** The original y (pixel centres at integers) of network row v. */
    public double originalY(double v) {
        return (v + cropY + 0.5) / scaleY() - 0.5;
    }

    /** The network column of original x: the inverse of {@link #originalX}. */
    public double networkX(double x) {
        return (x + 0.5) * scaleX() - 0.5 - cropX;
    }

    /** The network row of original y: the inverse of {@link #originalY}. */
    public double networkY(double y) {
        return (y + 0.5) * scaleY() - 0.5 - cropY;
    }

    /** [3, height, width] float32, {@code (rgb/255 - 0.5) / 0.5} as ImgNorm computes it. */
    public float[] normalized() {
        return Normalize.chw(rgb, width, height);
    }

    /** (H, W), load_images' {@code true_shape}. */
    public int[] trueShape() {
        return new int[] {height, width};
    }

    public RgbImage image() {
        return new RgbImage(width, height, rgb);
    }
}
