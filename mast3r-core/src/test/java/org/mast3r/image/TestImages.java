package org.mast3r.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.mast3r.common.Fixtures;

/** Builders for small test images: JDK-written PNG/JPEG bytes and hand-made EXIF blocks. */
final class TestImages {
    private TestImages() {}

    static Path fixtures() {
        return Fixtures.dir("preprocess");
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) throw new AssertionError("no writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A TIFF block with IFD0 holding one Orientation entry (SHORT, count 1). */
    static byte[] tiffOrientation(int orientation, boolean bigEndian) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put((byte) (bigEndian ? 'M' : 'I')).put((byte) (bigEndian ? 'M' : 'I')).putShort((short) 42).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        return b.array();
    }

    /** A JPEG with an APP1 "Exif\0\0" segment carrying {@code tiff} inserted right after SOI. */
    static byte[] withJpegExif(byte[] jpeg, byte[] tiff) {
        byte[] head = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int len = 2 + head.length + tiff.length;
        ByteBuffer b = ByteBuffer.allocate(jpeg.length + 2 + len);
        b.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) len).put(head).put(tiff);
        b.put(jpeg, 2, jpeg.length - 2);
        return b.array();
    }

    /** A PNG with a chunk inserted right after IHDR. */
    static byte[] withPngChunk(byte[] png, String type, byte[] data) {
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteBuffer b = ByteBuffer.allocate(png.length + 12 + data.length);
        b.put(png, 0, afterIhdr);
        b.putInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        b.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
        b.put(png, afterIhdr, png.length - afterIhdr);
        return b.array();
    }
}
