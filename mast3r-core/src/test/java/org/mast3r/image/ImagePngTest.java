package org.mast3r.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/** PNG colour types through ImageDecoder; expected values follow Pillow's convert("RGB") (see ImageDecoder). */
class ImagePngTest {
    private static int[] pixel(BufferedImage img, int x, int y) {
        RgbImage rgb = ImageDecoder.decode(TestImages.encode(img, "png"), "t.png", 1 << 20);
        int o = (y * rgb.width() + x) * 3;
        return new int[] {rgb.rgb()[o] & 0xFF, rgb.rgb()[o + 1] & 0xFF, rgb.rgb()[o + 2] & 0xFF};
    }

    private static BufferedImage custom(int colorSpace, boolean alpha, int dataType, int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(colorSpace), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        return new BufferedImage(cm, r, false, null);
    }

    @Test
    void grey8IsNotGammaConverted() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 77);
        img.getRaster().setSample(1, 0, 0, 200);
        assertEquals(77, pixel(img, 0, 0)[1]);
        assertEquals(200, pixel(img, 1, 0)[2]);
    }

    @Test
    void grey16ClipsLikePillowI16() {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 200);     // < 256: kept
        img.getRaster().setSample(1, 0, 0, 256);     // high byte set: 255
        img.getRaster().setSample(2, 0, 0, 40000);
        assertEquals(200, pixel(img, 0, 0)[0]);
        assertEquals(255, pixel(img, 1, 0)[0]);
        assertEquals(255, pixel(img, 2, 0)[0]);
    }

    @Test
    void rgb16KeepsTheHighByte() {
        BufferedImage img = custom(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_USHORT, 1, 1);
        img.getRaster().setPixel(0, 0, new int[] {0x12FF, 0xAB00, 0xFFFF});
        int[] p = pixel(img, 0, 0);
        assertEquals(0x12, p[0]);
        assertEquals(0xAB, p[1]);
        assertEquals(0xFF, p[2]);
    }

    @Test
    void rgba16AndGreyAlpha16KeepTheHighByteAndDropAlpha() {
        BufferedImage rgba = custom(ColorSpace.CS_sRGB, true, DataBuffer.TYPE_USHORT, 1, 1);
        rgba.getRaster().setPixel(0, 0, new int[] {0x3400, 0x5600, 0x7800, 0});
        assertEquals(0x34, pixel(rgba, 0, 0)[0]);
        assertEquals(0x78, pixel(rgba, 0, 0)[2]);
        BufferedImage la = custom(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_USHORT, 1, 1);
        la.getRaster().setPixel(0, 0, new int[] {0x9A00, 0x1000});
        assertEquals(0x9A, pixel(la, 0, 0)[1]);
    }

    @Test
    void greyAlpha8AndRgba8DropAlphaWithoutCompositing() {
        BufferedImage la = custom(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_BYTE, 1, 1);
        la.getRaster().setPixel(0, 0, new int[] {123, 0});
        assertEquals(123, pixel(la, 0, 0)[0]);
        BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
        rgba.getRaster().setPixel(0, 0, new int[] {10, 20, 30, 0});
        int[] p = pixel(rgba, 0, 0);
        assertEquals(10, p[0]);
        assertEquals(20, p[1]);
        assertEquals(30, p[2]);
    }

    @Test
    void paletteIsExpanded() {
        byte[] r = {0, (byte) 250, 5, 7}, g = {0, 1, (byte) 128, 9}, b = {0, 2, 3, (byte) 201};
        IndexColorModel icm = new IndexColorModel(2, 4, r, g, b);
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        for (int x = 0; x < 4; x++) img.getRaster().setSample(x, 0, 0, x);
        assertEquals(250, pixel(img, 1, 0)[0]);
        assertEquals(128, pixel(img, 2, 0)[1]);
        assertEquals(201, pixel(img, 3, 0)[2]);
    }

    @Test
    void rgb8IsTakenAsIs() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x0A141E);
        int[] p = pixel(img, 0, 0);
        assertEquals(10, p[0]);
        assertEquals(20, p[1]);
        assertEquals(30, p[2]);
    }
}
