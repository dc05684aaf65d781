package org.mast3r.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;

/**
 * The checked header of a safetensors file. Every rule of the format is enforced here, before any
 * tensor is touched, so a hostile file fails with one line and never allocates what it claims.
 * The JSON is read as a token stream rather than a tree: a 100 MB header of tiny entries then costs
 * one small record per tensor, and nothing nests deeper than name -> field -> list.
 */
record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    static SafetensorsHeader parse(String subject, MemorySegment map, long headerLen, long fileSize) {
        if (headerLen < 2) throw new BadInputException(subject, "header length " + headerLen + " is below 2");
        if (headerLen > Safetensors.MAX_HEADER) throw new BadInputException(subject, "header length " + headerLen + " exceeds 100 MB");
        if (headerLen > fileSize - 8) throw new BadInputException(subject, "header length " + headerLen + " exceeds the file size");
        byte[] raw = map.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        Safetensors.checkUtf8(subject, raw);

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(raw)) {
            try {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new BadInputException(subject, "header is not a JSON object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("__metadata__")) readMetadata(subject, p, metadata);
                    else entries.add(readEntry(subject, name, p));
                }
                if (p.nextToken() != null) throw new BadInputException(subject, "header has data after its JSON object");
            } catch (StreamConstraintsException e) {
                throw new BadInputException(subject, "header exceeds a JSON limit: " + firstLine(e));
            } catch (StreamReadException e) {
                if (firstLine(e).startsWith("Duplicate")) throw duplicate(subject, p);
                throw new BadInputException(subject, "header is invalid JSON: " + firstLine(e));
            }
        } catch (IOException e) {
            throw new BadInputException(subject, "header is invalid JSON: " + firstLine(e));
        }
        checkLayout(subject, entries, fileSize - 8 - headerLen);
        return new SafetensorsHeader(entries, metadata);
    }

    /** Jackson's strict duplicate detection stopped on the repeated key; say which, in our words. */
    private static BadInputException duplicate(String subject, JsonParser p) throws IOException {
        String key = p.currentName();
        var ctx = p.getParsingContext();
        if (ctx.getParent() != null && ctx.getParent().inRoot()) return new BadInputException(subject, "duplicate tensor name " + key);
        String owner = ctx.getParent() == null ? null : ctx.getParent().getCurrentName();
        return new BadInputException(subject, "duplicate key " + key + (owner == null ? "" : " in " + owner));
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("").trim();
    }

    private static void readMetadata(String subject, JsonParser p, Map<String, String> out) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw new BadInputException(subject, "__metadata__ is not an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) throw new BadInputException(subject, "__metadata__ value of " + key + " is not a string");
            out.put(key, p.getText());
        }
    }

    private static Entry readEntry(String subject, String name, JsonParser p) throws IOException {
        String where = "tensor " + name;
        if (p.currentToken() != JsonToken.START_OBJECT) throw new BadInputException(subject, where + " is not an object");
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (t != JsonToken.VALUE_STRING) throw new BadInputException(subject, where + " has no dtype string");
                    dtype = DType.parse(p.getText());
                    if (dtype == null) throw new BadInputException(subject, where + " has unknown dtype " + p.getText());
                }
                case "shape" -> shape = longs(subject, where, "shape", p, -1);
                case "data_offsets" -> offsets = longs(subject, where, "data_offsets", p, 2);
                default -> throw new BadInputException(subject, where + " has unexpected field " + field);
            }
        }
        if (dtype == null) throw new BadInputException(subject, where + " has no dtype");
        if (shape == null) throw new BadInputException(subject, where + " has no shape");
        if (offsets == null) throw new BadInputException(subject, where + " has no data_offsets");
        long count = 1;
        for (long d : shape) {
            if (d < 0) throw new BadInputException(subject, where + " has a negative dimension " + d);
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new BadInputException(subject, where + " element count overflows 64 bits");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, dtype.size());
        } catch (ArithmeticException e) {
            throw new BadInputException(subject, where + " byte size overflows 64 bits");
        }
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < 0) throw new BadInputException(subject, where + " has a negative data offset");
        if (begin > end) throw new BadInputException(subject, where + " has begin " + begin + " > end " + end);
        if (end - begin != bytes) {
            throw new BadInputException(subject, where + " spans " + (end - begin) + " bytes but " + dtype + " " + Arrays.toString(shape) + " needs " + bytes);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A JSON list of 64-bit integers ({@code size} of them, or any number when -1). */
    private static long[] longs(String subject, String where, String field, JsonParser p, int size) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw new BadInputException(subject, where + " " + field + " is not a list");
        long[] out = new long[8];
        int n = 0;
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            if (t != JsonToken.VALUE_NUMBER_INT) throw new BadInputException(subject, where + " " + field + " holds a non-integer");
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new BadInputException(subject, where + " " + field + " holds " + p.getText() + ", which overflows 64 bits");
            }
            if (n == out.length) {
                if (n >= 1 << 16) throw new BadInputException(subject, where + " " + field + " has more than 65536 entries");
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.getLongValue();
        }
        if (size >= 0 && n != size) throw new BadInputException(subject, where + " " + field + " must have " + size + " entries, not " + n);
        return Arrays.copyOf(out, n);
    }

    /** Tensors must tile the data section exactly: from 0, no gap, no overlap, ending at end of file. */
    private static void checkLayout(String subject, List<Entry> entries, long dataSize) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.begin() != expected) {
                String what = e.begin() > expected ? "a gap" : "an overlap";
                throw new BadInputException(subject, "tensor " + e.name() + " starts at " + e.begin() + ": " + what + " in the data (expected " + expected + ")");
            }
            expected = e.end();
        }
        if (expected != dataSize) {
            throw new BadInputException(subject, "tensor data ends at " + expected + " but the file holds " + dataSize + " data bytes");
        }
    }
}
