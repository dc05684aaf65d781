package org.mast3r.image;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.mast3r.common.BadInputException;

/**
 * The chunk list of a PNG file, checked before any decoding: signature, IHDR first, every chunk inside
 * the file with a matching CRC (Pillow refuses bad CRCs too: "broken PNG file"). Nothing is allocated
 * from the header's sizes here.
 */
record PngChunks(int width, int height, int bitDepth, int colorType, List<Chunk> chunks) {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** One chunk: its four-letter type and where its data lies in the file. */
    record Chunk(String type, int offset, int length) {}

    static boolean isPng(byte[] data) {
        if (data.length < SIGNATURE.length) return false;
        for (int i = 0; i < SIGNATURE.length; i++) if (data[i] != SIGNATURE[i]) return false;
        return true;
    }

    static PngChunks parse(byte[] data, String name) {
        List<Chunk> chunks = new ArrayList<>();
        int pos = SIGNATURE.length;
        boolean sawData = false;
        while (pos < data.length) {
            if (data.length - pos < 12) throw new BadInputException(name, "truncated PNG file (partial chunk at byte " + pos + ")");
            long length = Bytes.u32be(data, pos);
            String type = new String(data, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!type.chars().allMatch(Character::isLetter)) {
                throw new BadInputException(name, "corrupt PNG file (bad chunk type at byte " + pos + ")");
            }
            if (length > data.length - pos - 12L) {
                throw new BadInputException(name, "truncated PNG file (chunk " + type + " runs past the end)");
            }
            CRC32 crc = new CRC32();
            crc.update(data, pos + 4, 4 + (int) length);
            if (crc.getValue() != Bytes.u32be(data, pos + 8 + (int) length)) {
                throw new BadInputException(name, "corrupt PNG chunk " + type + " (CRC mismatch)");
            }
            if (chunks.isEmpty() && !(type.equals("IHDR") && length == 13)) {
                throw new BadInputException(name, "corrupt PNG file (no IHDR header chunk)");
            }
            chunks.add(new Chunk(type, pos + 8, (int) length));
            sawData |= type.equals("IDAT");
            pos += 12 + (int) length;
            if (type.equals("IEND")) break;
        }
        if (chunks.isEmpty()) throw new BadInputException(name, "truncated PNG file (no chunks)");
        if (!sawData) throw new BadInputException(name, "truncated PNG file (no image data)");
        int h = chunks.getFirst().offset();
        long width = Bytes.u32be(data, h);
        long height = Bytes.u32be(data, h + 4);
        int bitDepth = data[h + 8] & 0xFF;
        int colorType = data[h + 9] & 0xFF;
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new BadInputException(name, "corrupt PNG header (size " + width + "x" + height + ")");
        }
        return new PngChunks((int) width, (int) height, bitDepth, colorType, List.copyOf(chunks));
    }
}
