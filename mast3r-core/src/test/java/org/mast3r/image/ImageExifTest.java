package org.mast3r.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageExifTest {
    /** A 3x2 image whose pixels are all different: pixel (x, y) has grey 40 * (y * 3 + x) + 10. */
    private static BufferedImage numbered() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) {
            int v = 40 * (y * 3 + x) + 10;
            img.setRGB(x, y, (v << 16) | (v << 8) | v);
        }
        return img;
    }

    /** Expected output (as stored-pixel numbers, row-major) for each orientation, as PIL's transposes give. */
    private static final int[][] EXPECTED = {
        null,
        {0, 1, 2, 3, 4, 5},          // 1 identity, 3x2
        {2, 1, 0, 5, 4, 3},          // 2 FLIP_LEFT_RIGHT
        {5, 4, 3, 2, 1, 0},          // 3 ROTATE_180
        {3, 4, 5, 0, 1, 2},          // 4 FLIP_TOP_BOTTOM
        {0, 3, 1, 4, 2, 5},          // 5 TRANSPOSE, 2x3
        {3, 0, 4, 1, 5, 2},          // 6 ROTATE_270 (90 clockwise)
        {5, 2, 4, 1, 3, 0},          // 7 TRANSVERSE
        {2, 5, 1, 4, 0, 3},          // 8 ROTATE_90 (90 counter-clockwise)
    };

    @Test
    void allEightOrientationsFromPngExif() {
        byte[] png = TestImages.encode(numbered(), "png");
        for (int o = 1; o <= 8; o++) {
            for (boolean big : new boolean[] {false, true}) {
                byte[] file = TestImages.withPngChunk(png, "eXIf", TestImages.tiffOrientation(o, big));
                assertEquals(o, ExifOrientation.read(file), "orientation " + o);
                RgbImage img = Transpose.exif(ImageDecoder.decode(file, "t.png", 1000), ExifOrientation.read(file));
                assertEquals(o >= 5 ? 2 : 3, img.width());
                for (int i = 0; i < 6; i++) {
                    assertEquals(40 * EXPECTED[o][i] + 10, img.rgb()[i * 3] & 0xFF, "orientation " + o + " pixel " + i);
                }
            }
        }
    }

    @Test
    void allEightOrientationsFromJpegExif() {
        // JPEG is lossy: use a 32x16 image of 16x16 blocks (black left, white right) and look at corners.
        BufferedImage img = new BufferedImage(32, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) for (int x = 16; x < 32; x++) img.setRGB(x, y, 0xFFFFFF);
        byte[] jpeg = TestImages.encode(img, "jpeg");
        for (int o = 1; o <= 8; o++) {
            byte[] file = TestImages.withJpegExif(jpeg, TestImages.tiffOrientation(o, o % 2 == 0));
            assertEquals(o, ExifOrientation.read(file));
            RgbImage out = Transpose.exif(ImageDecoder.decode(file, "t.jpg", 1000), ExifOrientation.read(file));
            assertEquals(o >= 5 ? 16 : 32, out.width(), "orientation " + o);
            // Where does the stored top-left (black) corner land? 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.
            int[] expectBlackCorner = {0, 0, 1, 3, 2, 0, 1, 3, 2};
            int[] corners = {0, out.width() - 1, (out.height() - 1) * out.width(), out.height() * out.width() - 1};
            for (int c = 0; c < 4; c++) {
                boolean black = (out.rgb()[corners[c] * 3] & 0xFF) < 60;
                boolean sameHalf = (c == expectBlackCorner[o]) || isSameBlock(o, c, expectBlackCorner[o]);
                assertEquals(sameHalf, black, "orientation " + o + " corner " + c);
            }
        }
    }

    /** In the rotated 32x16 two-block image, corners on the same block as the black corner are black too. */
    private static boolean isSameBlock(int o, int corner, int blackCorner) {
        // Blocks split the long side: for 1-4 the image is wide (corners 0/2 share the left block, 1/3 the
        // right); for 5-8 it is tall (0/1 share the top block, 2/3 the bottom).
        if (o <= 4) return (corner % 2) == (blackCorner % 2);
        return (corner / 2) == (blackCorner / 2);
    }

    @Test
    void junkExifMeansNoRotation() {
        byte[] jpeg = TestImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        byte[][] junk = {
            {},
            "MM".getBytes(StandardCharsets.ISO_8859_1),
            {'I', 'I', 42, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},             // IFD offset far outside
            {'M', 'M', 0, 42, 0, 0, 0, 8, (byte) 0xFF, (byte) 0xFF},                     // 65535 entries, none present
            {'X', 'X', 0, 42, 0, 0, 0, 8, 0, 1, 1, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0},  // bad byte order
        };
        for (byte[] j : junk) assertEquals(1, ExifOrientation.read(TestImages.withJpegExif(jpeg, j)));
        // Count 2: Pillow gets a tuple, which exif_transpose ignores.
        byte[] two = TestImages.tiffOrientation(6, true);
        two[17] = 2;
        assertEquals(1, ExifOrientation.read(TestImages.withJpegExif(jpeg, two)));
        // A segment length running past the end of the file.
        byte[] cut = java.util.Arrays.copyOf(TestImages.withJpegExif(jpeg, TestImages.tiffOrientation(6, false)), 20);
        assertEquals(1, ExifOrientation.read(cut));
        assertEquals(1, ExifOrientation.read(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
    }

    @Test
    void xmpOrientationWhenExifHasNone() {
        byte[] png = TestImages.encode(numbered(), "png");
        byte[] xmp = "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta><rdf:Description tiff:Orientation=\"8\"/></x:xmpmeta>"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(8, ExifOrientation.read(TestImages.withPngChunk(png, "iTXt", xmp)));
    }
}
