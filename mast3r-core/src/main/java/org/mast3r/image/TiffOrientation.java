package org.mast3r.image;

/**
 * The Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block, read defensively: every offset
 * is checked against the block, and anything malformed reads as "no usable orientation".
 * ref: Pillow src/PIL/Image.py Exif.load (strips "Exif\0\0", reads IFD0 with ImageFileDirectory_v2).
 */
final class TiffOrientation {
    /** The tag is absent: XMP may still supply an orientation (Pillow's getexif falls back to it). */
    static final int ABSENT = -1;
    /** The tag is there but not one scalar integer: Pillow's exif_transpose then leaves the image as is. */
    static final int UNUSABLE = 0;

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int MAX_ENTRIES = 4096;

    private TiffOrientation() {}

    /** Reads [off, off+len) of {@code b}; never throws. */
    static int read(byte[] b, int off, int len) {
        int end = off + len;
        if (len < 8) return ABSENT;
        boolean big;
        if (b[off] == 'I' && b[off + 1] == 'I') big = false;
        else if (b[off] == 'M' && b[off + 1] == 'M') big = true;
        else return ABSENT;
        if (Bytes.u16(b, off + 2, big) != 42) return ABSENT;
        long ifd = Bytes.u32(b, off + 4, big);
        if (ifd < 8 || ifd > len - 2) return ABSENT;
        int p = off + (int) ifd;
        int entries = Math.min(Bytes.u16(b, p, big), MAX_ENTRIES);
        int result = ABSENT;
        for (int i = 0; i < entries; i++) {
            int e = p + 2 + i * 12;
            if (e + 12 > end) break;
            if (Bytes.u16(b, e, big) != TAG_ORIENTATION) continue;
            int type = Bytes.u16(b, e + 2, big);
            long count = Bytes.u32(b, e + 4, big);
            if (count != 1) {
                result = UNUSABLE;
                continue;
            }
            // Value inline in the entry's 4-byte field, left-justified.
            result = switch (type) {
                case 1 -> b[e + 8] & 0xFF;                   // BYTE
                case 3 -> Bytes.u16(b, e + 8, big);           // SHORT, the standard type
                case 4 -> clampInt(Bytes.u32(b, e + 8, big)); // LONG
                case 8 -> (short) Bytes.u16(b, e + 8, big);   // SSHORT
                case 9 -> (int) Bytes.u32(b, e + 8, big);     // SLONG
                default -> UNUSABLE;
            };
            if (result == ABSENT) result = UNUSABLE;
        }
        return result;
    }

    private static int clampInt(long v) {
        return v > Integer.MAX_VALUE ? UNUSABLE : (int) v;
    }
}
