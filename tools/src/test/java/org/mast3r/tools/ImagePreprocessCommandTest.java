package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.Fixtures;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;

class ImagePreprocessCommandTest {
    @TempDir Path dir;

    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Path png(String name, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 7 % 256) << 16 | (y * 5 % 256) << 8 | 99);
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    /** One line on stderr naming the file, exit 2, no stack trace. */
    private static void assertBad(Result r, String file) {
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("mast3r: " + file), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void writesAnEightBitRgbPngAndPrintsTheSize() throws IOException {
        Path in = png("in.png", 300, 200);
        Path out = dir.resolve("out.png");
        Result r = run("preprocess", in.toString(), "--size", "512", "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals("512x336", r.out().strip());
        byte[] b = Files.readAllBytes(out);
        // IHDR: width, height, bit depth 8, colour type 2 (RGB), interlace 0.
        ByteBuffer ihdr = ByteBuffer.wrap(b, 16, 13);
        assertEquals(512, ihdr.getInt());
        assertEquals(336, ihdr.getInt());
        assertEquals(8, ihdr.get());
        assertEquals(2, ihdr.get());
        ihdr.get();
        ihdr.get();
        assertEquals(0, ihdr.get());
        PreparedImage want = Preprocess.load(in, 512, false);
        PreparedImage back = Preprocess.load(out, 512, true);   // already 512x336: copied, cropped to itself
        assertTrue(Arrays.equals(want.rgb(), back.rgb()));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void neverOverwritesWithoutForce() throws IOException {
        Path in = png("in.png", 40, 30);
        Path out = dir.resolve("out.png");
        Files.writeString(out, "keep me");
        assertBad(run("preprocess", in.toString(), "--size", "224", "--out", out.toString()), out.toString());
        assertEquals("keep me", Files.readString(out));
        assertEquals(Main.OK, run("preprocess", in.toString(), "--size", "224", "--out", out.toString(), "--force").code());
        assertTrue(Files.size(out) > 100);
    }

    @Test
    void sizeOtherThan512Or224IsAUsageError() throws IOException {
        Path in = png("in.png", 40, 30);
        Result r = run("preprocess", in.toString(), "--size", "300", "--out", dir.resolve("o.png").toString());
        assertBad(r, "--size");
    }

    @Test
    void badImagesGiveOneLineNamingTheFile() throws IOException {
        byte[] good = Files.readAllBytes(png("good.png", 64, 48));
        BufferedImage rgb = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        Path jpg = dir.resolve("good.jpg");
        ImageIO.write(rgb, "jpeg", jpg.toFile());
        byte[] jpeg = Files.readAllBytes(jpg);
        byte[] badCrc = good.clone();
        badCrc[40] ^= 0x55;                                      // inside IDAT's data
        byte[][] cases = {
            {},
            "just some text".getBytes(),
            Arrays.copyOf(good, good.length / 2),
            Arrays.copyOf(jpeg, jpeg.length / 2),
            Arrays.copyOf(good, 8),
            badCrc,
            hugePng(),
        };
        String[] names = {"empty.png", "text.jpg", "half.png", "half.jpg", "signature.png", "crc.png", "huge.png"};
        for (int i = 0; i < cases.length; i++) {
            Path p = dir.resolve(names[i]);
            Files.write(p, cases[i]);
            long t0 = System.nanoTime();
            assertBad(run("preprocess", p.toString(), "--size", "512", "--out", dir.resolve("o" + i + ".png").toString()), p.toString());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, names[i] + " took too long");
        }
        Path missing = dir.resolve("missing.png");
        assertBad(run("preprocess", missing.toString(), "--size", "512", "--out", dir.resolve("o.png").toString()), missing.toString());
    }

    @Test
    void pixelLimitIsOverridable() throws IOException {
        Path in = png("in.png", 100, 100);
        Path out = dir.resolve("o.png");
        assertBad(run("preprocess", in.toString(), "--size", "224", "--out", out.toString(), "--max-pixels", "9999"), in.toString());
        assertEquals(Main.OK, run("preprocess", in.toString(), "--size", "224", "--out", out.toString(), "--max-pixels", "10000").code());
    }

    /** A valid PNG header that claims 100000 x 100000 RGB, followed by a tiny IDAT. */
    private static byte[] hugePng() {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 10 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2).array());
        chunk(b, "IDAT", new byte[10]);
        chunk(b, "IEND", new byte[0]);
        return b.array();
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        b.putInt(data.length).put(type.getBytes()).put(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes());
        crc.update(data);
        b.putInt((int) crc.getValue());
    }

    @Test
    void validatePassesOnTheFixture() {
        Result r = run("validate", Fixtures.dir("preprocess").toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(" 0 failed"), r.out());
    }

    /** A large JPEG lands at the network sizes with a crop that maps back inside the original. */
    @Test
    void aLargeJpegIsResizedAndCroppedLikeLoadImages() throws IOException {
        BufferedImage img = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
        var raster = img.getRaster();
        int[] row = new int[4000 * 3];
        for (int y = 0; y < 3000; y++) {
            for (int x = 0; x < 4000; x++) {
                row[x * 3] = (x * 255 / 3999);
                row[x * 3 + 1] = (y * 255 / 2999);
                row[x * 3 + 2] = ((x ^ y) & 0xFF);
            }
            raster.setPixels(0, y, 4000, 1, row);
        }
        Path jpg = dir.resolve("big.jpg");
        ImageIO.write(img, "jpeg", jpg.toFile());
        PreparedImage p512 = Preprocess.load(jpg, 512, false);
        assertEquals(512, p512.width());
        assertEquals(384, p512.height());
        PreparedImage p224 = Preprocess.load(jpg, 224, false);
        assertEquals(224, p224.width());
        assertEquals(224, p224.height());
        // 4000x3000 -> short side 224: 299x224, centre square from x = 149 - 112 = 37
        assertEquals(299, p224.resizedWidth());
        assertEquals(37, p224.cropX());
        assertTrue(p224.originalX(0) > 0 && p224.originalX(223) < 3999, "the crop maps inside the original");
        // the red channel is a ramp over x: the crop's left column is redder than 0 and less than the right one
        assertTrue((p224.rgb()[0] & 0xff) < (p224.rgb()[3 * 223] & 0xff));
    }
}
