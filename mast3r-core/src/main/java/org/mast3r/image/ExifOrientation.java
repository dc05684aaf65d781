package org.mast3r.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The EXIF orientation (1..8) Pillow's {@code ImageOps.exif_transpose} would act on, read from the file's
 * bytes. Sources, as Pillow finds them: JPEG APP1 "Exif\0\0" segments (concatenated, like
 * JpegImagePlugin.APP), PNG eXIf, PNG tEXt/zTXt "Raw profile type exif"; if there is no Orientation tag,
 * the XMP packet's {@code tiff:Orientation} (ref: Pillow src/PIL/Image.py Image.getexif).
 * Never throws: junk, truncation and absurd offsets all read as 1 (leave the image as stored).
 */
public final class ExifOrientation {
    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XMP_HEADER = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final Pattern XMP_ORIENTATION = Pattern.compile("tiff:Orientation(=\"|>)([0-9])");
    private static final int MAX_TEXT = 1 << 20;

    private ExifOrientation() {}

    /** 1..8, or 1 when the file has no usable orientation. */
    public static int read(byte[] file) {
        try {
            if (PngChunks.isPng(file)) return fromPng(file);
            if (file.length > 3 && (file[0] & 0xFF) == 0xFF && (file[1] & 0xFF) == 0xD8) return fromJpeg(file);
        } catch (RuntimeException e) {
            // A defensive reader: anything unexpected means "no orientation", the decoder reports real damage.
        }
        return 1;
    }

    private static int fromJpeg(byte[] b) {
        ByteArrayOutputStream exif = null;
        String xmp = null;
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) break;
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) { p++; continue; }                      // fill byte
            if (marker == 0xD9 || marker == 0xDA) break;                // EOI, start of scan: metadata is over
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { p += 2; continue; }
            int len = Bytes.u16be(b, p + 2);
            int start = p + 4, end = p + 2 + len;
            if (len < 2 || end > b.length) break;
            if (marker == 0xE1 && Bytes.startsWith(b, start, end, EXIF_HEADER)) {
                if (exif == null) {
                    exif = new ByteArrayOutputStream();
                    exif.write(b, start + 6, end - start - 6);
                } else {
                    exif.write(b, start + 6, end - start - 6);
                }
            } else if (marker == 0xE1 && Bytes.startsWith(b, start, end, XMP_HEADER)) {
                xmp = new String(b, start + XMP_HEADER.length, end - start - XMP_HEADER.length, StandardCharsets.ISO_8859_1);
            }
            p = end;
        }
        byte[] tiff = exif == null ? null : exif.toByteArray();
        return decide(tiff == null ? TiffOrientation.ABSENT : TiffOrientation.read(tiff, 0, tiff.length), xmp);
    }

    private static int fromPng(byte[] b) {
        PngChunks png = PngChunks.parse(b, "");
        int tag = TiffOrientation.ABSENT;
        byte[] raw = null;
        String xmp = null;
        for (PngChunks.Chunk c : png.chunks()) {
            switch (c.type()) {
                case "eXIf" -> {
                    // Pillow prepends "Exif\0\0" and Exif.load strips it again; some writers include it.
                    int off = c.offset(), len = c.length();
                    if (Bytes.startsWith(b, off, off + len, EXIF_HEADER)) { off += 6; len -= 6; }
                    tag = TiffOrientation.read(b, off, len);
                }
                case "tEXt", "zTXt" -> {
                    String text = text(b, c, "Raw profile type exif");
                    if (text != null) raw = rawProfile(text);
                }
                case "iTXt" -> {
                    String text = itxt(b, c, "XML:com.adobe.xmp");
                    if (text != null) xmp = text;
                }
                default -> { }
            }
        }
        if (tag == TiffOrientation.ABSENT && raw != null) {
            int off = Bytes.startsWith(raw, 0, raw.length, EXIF_HEADER) ? 6 : 0;
            tag = TiffOrientation.read(raw, off, raw.length - off);
        }
        return decide(tag, xmp);
    }

    private static int decide(int tag, String xmp) {
        if (tag == TiffOrientation.ABSENT && xmp != null) {
            Matcher m = XMP_ORIENTATION.matcher(xmp);
            if (m.find()) tag = m.group(2).charAt(0) - '0';
        }
        return tag >= 1 && tag <= 8 ? tag : 1;
    }

    /** A tEXt or zTXt chunk's text when its keyword is {@code key}, else null. */
    private static String text(byte[] b, PngChunks.Chunk c, String key) {
        int off = c.offset(), end = off + c.length();
        int nul = indexOf(b, off, end);
        if (nul < 0 || !new String(b, off, nul - off, StandardCharsets.ISO_8859_1).equals(key)) return null;
        if (c.type().equals("tEXt")) return new String(b, nul + 1, end - nul - 1, StandardCharsets.ISO_8859_1);
        if (nul + 2 > end || b[nul + 1] != 0) return null;
        byte[] plain = inflate(b, nul + 2, end);
        return plain == null ? null : new String(plain, StandardCharsets.ISO_8859_1);
    }

    /** An iTXt chunk's text when its keyword is {@code key}, else null. */
    private static String itxt(byte[] b, PngChunks.Chunk c, String key) {
        int off = c.offset(), end = off + c.length();
        int nul = indexOf(b, off, end);
        if (nul < 0 || nul + 3 > end || !new String(b, off, nul - off, StandardCharsets.ISO_8859_1).equals(key)) return null;
        boolean compressed = b[nul + 1] != 0;
        int lang = indexOf(b, nul + 3, end);
        if (lang < 0) return null;
        int translated = indexOf(b, lang + 1, end);
        if (translated < 0) return null;
        byte[] value = compressed ? inflate(b, translated + 1, end) : java.util.Arrays.copyOfRange(b, translated + 1, end);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** ImageMagick's hex dump: "\nexif\n  <length>\n<hex lines>"; Pillow joins the lines after the third. */
    private static byte[] rawProfile(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4) return null;
        StringBuilder hex = new StringBuilder();
        for (int i = 3; i < lines.length; i++) hex.append(lines[i].strip());
        if (hex.length() % 2 != 0) return null;
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) if (b[i] == 0) return i;
        return -1;
    }

    /** zlib data of [from, end), at most MAX_TEXT bytes out; null when damaged. */
    private static byte[] inflate(byte[] b, int from, int end) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, from, end - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished() && out.size() < MAX_TEXT) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }
}
