package org.mast3r.image;

/** Bounds-checked big/little-endian reads for the container parsers; callers check ranges first. */
final class Bytes {
    private Bytes() {}

    static long u32be(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static int u16be(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static long u32(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? u32be(b, p)
                : ((long) (b[p + 3] & 0xFF) << 24) | ((b[p + 2] & 0xFF) << 16) | ((b[p + 1] & 0xFF) << 8) | (b[p] & 0xFF);
    }

    static int u16(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? u16be(b, p) : ((b[p + 1] & 0xFF) << 8) | (b[p] & 0xFF);
    }

    static boolean startsWith(byte[] b, int p, int end, byte[] prefix) {
        if (end - p < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[p + i] != prefix[i]) return false;
        return true;
    }
}
