package org.mast3r.image;

import java.awt.image.Raster;

/** Pillow's CMYK JPEG path: inverted (Adobe) samples, then the naive cmyk2rgb, no colour management. */
final class Cmyk {
    private Cmyk() {}

    /**
     * ref: Pillow JpegImagePlugin ("CMYK;I", assume Adobe conventions) and Convert.c cmyk2rgb:
     * nk = 255 - k; out = clip(nk - MULDIV255(c, nk)), MULDIV255(a, b) = ((a*b+128) + ((a*b+128) >> 8)) >> 8.
     * The JDK's readRaster already undoes the Adobe inversion (checked against Pillow 12.3.0 on a CMYK JPEG
     * Pillow wrote, Adobe transform 0: bit-exact), so the samples are c, m, y, k as Pillow holds them.
     */
    static RgbImage toRgb(Raster r) {
        int w = r.getWidth(), h = r.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int nk = 255 - row[x * 4 + 3];
                for (int c = 0; c < 3; c++) {
                    int t = row[x * 4 + c] * nk + 128;
                    int v = nk - (((t >> 8) + t) >> 8);
                    out[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
