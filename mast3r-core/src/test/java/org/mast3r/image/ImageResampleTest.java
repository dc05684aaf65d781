package org.mast3r.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mast3r.image.PillowResample.Filter;
import org.mast3r.weights.Safetensors;

class ImageResampleTest {
    private static RgbImage row(int... grey) {
        byte[] rgb = new byte[grey.length * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) grey[i / 3];
        return new RgbImage(grey.length, 1, rgb);
    }

    @Test
    void bicubicHalvingByHand() {
        // 4 -> 2 pixels, scale 2, support 2*2 = 4. Output 0: centre 1.0, inputs 0..3 at filter arguments
        // (x - 1 + 0.5) / 2 = -0.25, 0.25, 0.75, 1.25 -> 0.8671875, 0.8671875, 0.2265625, -0.0703125 (sum 1.890625).
        // On [0, 100, 200, 255]: (86.71875 + 45.3125 - 17.9296875) / 1.890625 = 60.35 -> 60.
        // Output 1: centre 3.0, arguments -1.25, -0.75, -0.25, 0.25: (0 + 22.65625 + 173.4375 + 221.1328125) / 1.890625 = 220.68 -> 221.
        // Pillow 12.3.0: Image.fromarray(...).resize((2, 1), Image.BICUBIC) gives [60, 221].
        PillowResample.Coefficients c = PillowResample.coefficients(4, 2, Filter.BICUBIC);
        assertEquals(9, c.ksize());
        assertArrayEquals(new int[] {0, 0}, c.first());
        assertArrayEquals(new int[] {4, 4}, c.count());
        assertEquals(Math.round(0.8671875 / 1.890625 * (1 << 22)), c.weight()[0]);
        assertEquals(-Math.round(0.0703125 / 1.890625 * (1 << 22)), c.weight()[3]);
        RgbImage out = PillowResample.resize(row(0, 100, 200, 255), 2, 1, Filter.BICUBIC);
        assertEquals(60, out.rgb()[0] & 0xFF);
        assertEquals(221, out.rgb()[3] & 0xFF);
    }

    @Test
    void overshootIsClipped() {
        // A step enlarged with Lanczos rings below 0 and above 255; clip8 saturates.
        RgbImage out = PillowResample.resize(row(0, 0, 0, 255, 255, 255), 24, 1, Filter.LANCZOS);
        int min = 255, max = 0;
        for (byte b : out.rgb()) { min = Math.min(min, b & 0xFF); max = Math.max(max, b & 0xFF); }
        assertEquals(0, min);
        assertEquals(255, max);
    }

    @Test
    void constantImageStaysConstant() {
        byte[] rgb = new byte[37 * 23 * 3];
        java.util.Arrays.fill(rgb, (byte) 201);
        for (Filter f : Filter.values()) {
            for (int[] size : new int[][] {{11, 7}, {80, 51}, {37, 5}, {3, 23}}) {
                RgbImage out = PillowResample.resize(new RgbImage(37, 23, rgb), size[0], size[1], f);
                for (byte b : out.rgb()) assertEquals(201, b & 0xFF, f + " " + size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void sameSizeIsACopy() {
        RgbImage in = row(1, 2, 3);
        RgbImage out = PillowResample.resize(in, 3, 1, Filter.LANCZOS);
        assertArrayEquals(in.rgb(), out.rgb());
    }

    @Test
    void roundHalfToEvenNewSize() {
        // 512 * 681 / 1024 = 340.5 -> 340 (Python round), and the crop to multiples of 16.
        CropPlan p = CropPlan.of(1024, 681, 512, false);
        assertEquals(340, p.resizedHeight());
        assertEquals(336, p.height());
        assertEquals(Filter.LANCZOS, p.filter());
        CropPlan sq = CropPlan.of(700, 700, 512, false);
        assertEquals(384, sq.height());
        assertEquals(64, sq.cropY());
        assertEquals(512, CropPlan.of(700, 700, 512, true).height());
        CropPlan small = CropPlan.of(300, 400, 224, false);
        assertEquals(299, small.resizedHeight());
        assertEquals(Filter.LANCZOS, small.filter());
    }

    @Test
    void fixturePngsBitExact() {
        Path dir = TestImages.fixtures();
        try (Safetensors ref = Safetensors.open(dir.resolve("load_images.safetensors"))) {
            for (String name : new String[] {"landscape_1024x681.png", "portrait_600x900.png", "square_700x700.png", "tiny_300x200.png"}) {
                for (int size : new int[] {512, 224}) {
                    PreparedImage got = Preprocess.load(dir.resolve(name), size, false);
                    String key = name + "." + size;
                    assertArrayEquals(ref.require(key + ".true_shape").toInts(), got.trueShape(), key);
                    assertArrayEquals(ref.require(key + ".rgb").bytes().toArray(ValueLayout.JAVA_BYTE), got.rgb(), key);
                }
            }
        }
    }

    @Test
    void fixtureNormalisedTensorBitExact() {
        Path dir = TestImages.fixtures();
        try (Safetensors ref = Safetensors.open(dir.resolve("load_images.safetensors"))) {
            RgbImage pil = ImageDecoder.decode(Preprocess.readFile(dir.resolve("photo_640x480.decoded-by-PIL.png")), "photo", Long.MAX_VALUE);
            PreparedImage got = Preprocess.prepare(pil, 1, 224, false, "photo");
            float[] want = ref.require("photo_640x480.jpg.224.img").toFloats();
            float[] have = got.normalized();
            assertEquals(want.length, have.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(have[i]), "index " + i);
            }
        }
    }

    @Test
    void mappingBackToOriginal() {
        PreparedImage p = Preprocess.prepare(new RgbImage(1024, 681, new byte[1024 * 681 * 3]), 1, 512, false, "x");
        assertEquals(0.5, p.scaleX(), 0);
        assertEquals(2, p.cropY());
        // Network row 0 is resized row 2, whose centre is original y (2 + 0.5) * 681/340 - 0.5.
        assertEquals(2.5 * 681.0 / 340 - 0.5, p.originalY(0), 1e-12);
        assertEquals(-0.5 + 0.5 * 2, p.originalX(0), 1e-12);
    }
}
