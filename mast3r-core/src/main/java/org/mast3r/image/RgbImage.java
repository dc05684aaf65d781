package org.mast3r.image;

/**
 * An 8-bit RGB image, rows top to bottom, pixels interleaved: {@code rgb[(y * width + x) * 3 + c]}, [H, W, 3].
 * This is PIL's mode "RGB" without its fourth padding byte.
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("empty image " + width + "x" + height);
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("rgb holds " + rgb.length + " bytes, not " + width + "x" + height + "x3");
        }
    }

    /** The pixels of the rectangle [x0, x0+w) x [y0, y0+h), which must lie inside the image. */
    public RgbImage crop(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("crop " + x0 + "," + y0 + " " + w + "x" + h + " outside " + width + "x" + height);
        }
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(rgb, ((y0 + y) * width + x0) * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }
}
