package org.mast3r.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a torch.save-shaped zip (top/data.pkl, top/byteorder, top/data/KEY) byte by byte, as PKWARE's
 * APPNOTE lays it out, for crafted tests: stored or deflated entries, and the zip64 records at the
 * strength {@link Zip64} picks.
 */
final class PthZip {
    /** Which zip64 records the archive carries. */
    enum Zip64 {
        /** None: a plain zip. */
        NONE,
        /** The zip64 end record and locator, every 32-bit field still exact (what torch.save always writes). */
        RECORDS,
        /** As RECORDS, and each local header offset only in a zip64 extra field (the central header holds 0xffffffff). */
        OFFSETS,
        /** Every size, offset, count and disk number saturated (0xffff / 0xffffffff) and given in zip64 fields instead. */
        ALL_FIELDS
    }

    private static final long SAT32 = 0xffffffffL;
    private static final int SAT16 = 0xffff;

    private final String top;
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private boolean deflate;
    private Zip64 zip64 = Zip64.NONE;

    PthZip(String top, byte[] pickle) {
        this.top = top;
        entries.put("data.pkl", pickle);
        entries.put("byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    }

    PthZip storage(String key, byte[] bytes) {
        entries.put("data/" + key, bytes);
        return this;
    }

    PthZip deflated() {
        deflate = true;
        return this;
    }

    PthZip zip64(Zip64 mode) {
        zip64 = mode;
        return this;
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    byte[] bytes() {
        Out out = new Out();
        Out central = new Out();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] name = (top + "/" + e.getKey()).getBytes(StandardCharsets.UTF_8);
            byte[] data = deflate ? deflate(e.getValue()) : e.getValue();
            long size = e.getValue().length, offset = out.size();
            CRC32 crc = new CRC32();
            crc.update(e.getValue());
            boolean all = zip64 == Zip64.ALL_FIELDS;
            // local header; sizes in a zip64 extra field when saturated
            out.u32(0x04034b50).u16(45).u16(0).u16(deflate ? 8 : 0).u16(0).u16(0x21).u32(crc.getValue())
                    .u32(all ? SAT32 : data.length).u32(all ? SAT32 : size).u16(name.length).u16(all ? 20 : 0).raw(name);
            if (all) out.u16(1).u16(16).u64(size).u64(data.length);
            out.raw(data);
            // central header; the zip64 extra field holds, in APPNOTE order, only the saturated fields
            boolean wideOffset = all || zip64 == Zip64.OFFSETS;
            int extra = all ? 28 : wideOffset ? 8 : 0;
            central.u32(0x02014b50).u16(45).u16(45).u16(0).u16(deflate ? 8 : 0).u16(0).u16(0x21).u32(crc.getValue())
                    .u32(all ? SAT32 : data.length).u32(all ? SAT32 : size).u16(name.length).u16(extra == 0 ? 0 : extra + 4).u16(0)
                    .u16(all ? SAT16 : 0).u16(0).u32(0).u32(wideOffset ? SAT32 : offset).raw(name);
            if (all) central.u16(1).u16(extra).u64(size).u64(data.length).u64(offset).u32(0);
            else if (wideOffset) central.u16(1).u16(extra).u64(offset);
        }
        long cdOffset = out.size(), cdSize = central.size(), n = entries.size();
        out.raw(central.toByteArray());
        if (zip64 != Zip64.NONE) {
            long record = out.size();
            out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(n).u64(n).u64(cdSize).u64(cdOffset);
            out.u32(0x07064b50).u32(0).u64(record).u32(1);
        }
        boolean all = zip64 == Zip64.ALL_FIELDS;
        out.u32(0x06054b50).u16(all ? SAT16 : 0).u16(all ? SAT16 : 0).u16(all ? SAT16 : (int) n).u16(all ? SAT16 : (int) n)
                .u32(all ? SAT32 : cdSize).u32(all ? SAT32 : cdOffset).u16(0);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) b.write(buf, 0, d.deflate(buf));
        d.end();
        return b.toByteArray();
    }

    /** Little-endian fields. */
    private static final class Out extends ByteArrayOutputStream {
        Out le(long v, int width) {
            for (int i = 0; i < width; i++) write((int) (v >>> (8 * i)));
            return this;
        }

        Out u16(long v) {
            return le(v, 2);
        }

        Out u32(long v) {
            return le(v, 4);
        }

        Out u64(long v) {
            return le(v, 8);
        }

        Out raw(byte[] b) {
            writeBytes(b);
            return this;
        }
    }
}
