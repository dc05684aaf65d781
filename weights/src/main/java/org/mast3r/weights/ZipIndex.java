package org.mast3r.weights;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.mast3r.common.BadInputException;

/**
 * The entries of a zip file read from its central directory, over a read-only mapping of the whole file
 * (the format as PKWARE's APPNOTE describes it: end-of-central-directory record, optional zip64 records,
 * central headers, local headers). Only what torch.save writes is accepted: stored or deflated entries,
 * no encryption, one disk. Every offset and size is checked against the file before it is used.
 */
final class ZipIndex {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int EOCD = 0x06054b50, ZIP64_EOCD = 0x06064b50, ZIP64_LOCATOR = 0x07064b50;
    private static final int CENTRAL = 0x02014b50, LOCAL = 0x04034b50;
    private static final int STORED = 0, DEFLATED = 8;
    /** Deflate cannot expand data more than about 1032:1; a larger declared size is a lie (or a bomb). */
    private static final long MAX_DEFLATE_RATIO = 1100;
    private static final int MAX_ENTRIES = 1_000_000;
    private static final long CHUNK = 1L << 30;

    /** One file in the zip: where its (possibly compressed) bytes start and how large they are. */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset, int crc) {
        boolean stored() {
            return method == STORED;
        }
    }

    private final String subject;
    private final MemorySegment map;
    private final Map<String, Entry> entries;

    private ZipIndex(String subject, MemorySegment map, Map<String, Entry> entries) {
        this.subject = subject;
        this.map = map;
        this.entries = entries;
    }

    /** True when the mapping begins like a zip file (a local header or an empty archive). */
    static boolean looksLikeZip(MemorySegment map) {
        if (map.byteSize() < 4) return false;
        int sig = map.get(U32, 0);
        return sig == LOCAL || sig == EOCD;
    }

    static ZipIndex read(String subject, MemorySegment map) {
        long size = map.byteSize();
        long eocd = findEocd(map);
        if (eocd < 0) throw new BadInputException(subject, "zip file has no end-of-central-directory record (truncated?)");
        long disk = u16(map, eocd + 4), cdDisk = u16(map, eocd + 6), diskEntries = u16(map, eocd + 8), count = u16(map, eocd + 10);
        long cdSize = u32(map, eocd + 12);
        long cdOffset = u32(map, eocd + 16);
        // APPNOTE 4.4.1.4: any field too small is saturated, and the zip64 end record holds every value
        if (disk == 0xffff || cdDisk == 0xffff || diskEntries == 0xffff || count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            long loc = eocd - 20;
            if (loc < 0 || map.get(U32, loc) != ZIP64_LOCATOR) throw new BadInputException(subject, "zip64 end-of-central-directory locator is missing");
            long z = map.get(U64, loc + 8);
            if (z < 0 || z > loc - 56 || map.get(U32, z) != ZIP64_EOCD) throw new BadInputException(subject, "zip64 end-of-central-directory record is missing or out of bounds");
            if (u32(map, loc + 4) != 0 || u32(map, loc + 16) > 1) throw multiDisk(subject); // the record's disk, the number of disks
            disk = u32(map, z + 16);
            cdDisk = u32(map, z + 20);
            count = map.get(U64, z + 32);
            cdSize = map.get(U64, z + 40);
            cdOffset = map.get(U64, z + 48);
        }
        if (disk != 0 || cdDisk != 0) throw multiDisk(subject);
        if (count < 0 || count > MAX_ENTRIES) throw new BadInputException(subject, "zip declares " + Long.toUnsignedString(count) + " entries");
        if (cdOffset < 0 || cdSize < 0 || cdOffset > size || cdSize > size - cdOffset) {
            throw new BadInputException(subject, "zip central directory lies outside the file (truncated?)");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        long at = cdOffset, end = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            Entry e = central(subject, map, at, end);
            if (entries.put(e.name(), e) != null) throw new BadInputException(subject, "zip has two entries named " + e.name());
            at += 46 + u16(map, at + 28) + u16(map, at + 30) + u16(map, at + 32);
        }
        return new ZipIndex(subject, map, Collections.unmodifiableMap(entries));
    }

    private static BadInputException multiDisk(String subject) {
        return new BadInputException(subject, "multi-disk zip files are not supported");
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /**
     * The entry's bytes: a view of the mapping when stored, else inflated once into {@code arena} after
     * checking the declared size against {@code maxSize} and the compression bound, and the CRC after.
     */
    MemorySegment bytes(Entry e, Arena arena, long maxSize) {
        if (e.size() > maxSize) throw new BadInputException(subject, e.name() + " declares " + e.size() + " bytes, more than the " + maxSize + " allowed");
        if (e.stored()) return map.asSlice(e.dataOffset(), e.size());
        if (e.size() / MAX_DEFLATE_RATIO > e.compressedSize()) {
            throw new BadInputException(subject, e.name() + " declares " + e.size() + " bytes from " + e.compressedSize() + " compressed: impossible for deflate");
        }
        MemorySegment out = arena.allocate(Math.max(1, e.size()), 64).asSlice(0, e.size());
        inflate(e, out);
        if (crc(out) != e.crc()) throw new BadInputException(subject, e.name() + " fails its CRC-32 check (corrupt file)");
        return out;
    }

    /** CRC-32 of a small entry (data.pkl): the check a stored tensor skips to stay zero-copy. */
    static int crc(MemorySegment s) {
        CRC32 c = new CRC32();
        for (long at = 0; at < s.byteSize(); at += CHUNK) c.update(s.asSlice(at, Math.min(CHUNK, s.byteSize() - at)).asByteBuffer());
        return (int) c.getValue();
    }

    private void inflate(Entry e, MemorySegment out) {
        Inflater inf = new Inflater(true);
        try {
            MemorySegment in = map.asSlice(e.dataOffset(), e.compressedSize());
            long inAt = 0, outAt = 0;
            while (!inf.finished()) {
                if (inf.needsDictionary()) throw new BadInputException(subject, e.name() + " needs a preset dictionary");
                if (inf.needsInput()) {
                    if (inAt >= in.byteSize()) break;
                    long n = Math.min(CHUNK, in.byteSize() - inAt);
                    inf.setInput(in.asSlice(inAt, n).asByteBuffer());
                    inAt += n;
                    continue;
                }
                if (outAt < out.byteSize()) {
                    outAt += inf.inflate(out.asSlice(outAt, Math.min(CHUNK, out.byteSize() - outAt)).asByteBuffer());
                } else if (inf.inflate(new byte[1]) > 0) {
                    throw new BadInputException(subject, e.name() + " inflates to more than its declared " + e.size() + " bytes");
                }
            }
            if (!inf.finished() || outAt != e.size()) {
                throw new BadInputException(subject, e.name() + " inflates to " + outAt + " bytes, declared " + e.size() + " (truncated or corrupt)");
            }
        } catch (DataFormatException ex) {
            throw new BadInputException(subject, e.name() + " is not valid deflate data: " + ex.getMessage());
        } finally {
            inf.end();
        }
    }

    /** The EOCD record sits in the last 22 + 65535 bytes (its comment is at most 65535 bytes). */
    private static long findEocd(MemorySegment map) {
        long size = map.byteSize();
        for (long at = size - 22; at >= 0 && at >= size - 22 - 0xffff; at--) {
            if (map.get(U32, at) == EOCD && at + 22 + u16(map, at + 20) == size) return at;
        }
        return -1;
    }

    private static Entry central(String subject, MemorySegment map, long at, long end) {
        if (at < 0 || end - at < 46 || map.get(U32, at) != CENTRAL) throw new BadInputException(subject, "zip central directory is corrupt at byte " + at);
        int flags = u16(map, at + 8), method = u16(map, at + 10);
        int crc = map.get(U32, at + 16);
        long csize = u32(map, at + 20), usize = u32(map, at + 24);
        int nameLen = u16(map, at + 28), extraLen = u16(map, at + 30), commentLen = u16(map, at + 32);
        long local = u32(map, at + 42);
        if (46L + nameLen + extraLen + commentLen > end - at) throw new BadInputException(subject, "zip central directory entry overruns the directory");
        String name = new String(map.asSlice(at + 46, nameLen).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        if ((flags & 1) != 0) throw new BadInputException(subject, name + " is encrypted");
        if (method != STORED && method != DEFLATED) throw new BadInputException(subject, name + " uses zip compression method " + method + " (only stored and deflated are read)");
        long[] z64 = zip64(subject, map, at + 46 + nameLen, extraLen, usize, csize, local, name);
        usize = z64[0];
        csize = z64[1];
        local = z64[2];
        if (method == STORED && csize != usize) throw new BadInputException(subject, name + " is stored but its sizes differ");
        long size = map.byteSize();
        if (local < 0 || local > size - 30 || map.get(U32, local) != LOCAL) throw new BadInputException(subject, name + ": local header is missing or outside the file (truncated?)");
        long data = local + 30 + u16(map, local + 26) + u16(map, local + 28);
        if (csize < 0 || usize < 0 || data > size || csize > size - data) {
            throw new BadInputException(subject, name + ": data runs past the end of the file (truncated?)");
        }
        return new Entry(name, method, csize, usize, data, crc);
    }

    /** Replaces 0xffffffff sizes and offset by the 64-bit values of the zip64 extra field (id 1), in APPNOTE order. */
    private static long[] zip64(String subject, MemorySegment map, long extra, int len, long usize, long csize, long local, String name) {
        long[] v = {usize, csize, local};
        boolean[] wide = {usize == 0xffffffffL, csize == 0xffffffffL, local == 0xffffffffL};
        if (!wide[0] && !wide[1] && !wide[2]) return v;
        for (long p = extra; p + 4 <= extra + len; ) {
            int id = u16(map, p), n = u16(map, p + 2);
            if (p + 4 + n > extra + len) break;
            if (id == 1) {
                long q = p + 4;
                for (int i = 0; i < 3; i++) {
                    if (!wide[i]) continue;
                    if (q + 8 > p + 4 + n) throw new BadInputException(subject, name + ": zip64 extra field is too short");
                    v[i] = map.get(U64, q);
                    q += 8;
                }
                return v;
            }
            p += 4 + n;
        }
        throw new BadInputException(subject, name + ": zip64 sizes are missing");
    }

    private static int u16(MemorySegment m, long at) {
        return m.get(U16, at) & 0xffff;
    }

    private static long u32(MemorySegment m, long at) {
        return m.get(U32, at) & 0xffffffffL;
    }
}
