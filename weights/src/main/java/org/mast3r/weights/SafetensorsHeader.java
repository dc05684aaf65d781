package org.mast3r.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked header of a safetensors file. Every rule of the format is enforced here, before any
 * tensor is touched, so a hostile file fails with one line and never allocates what it claims.
 */
record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    static SafetensorsHeader parse(String subject, MemorySegment map, long headerLen, long fileSize) {
        if (headerLen < 2) throw new BadInputException(subject, "header length " + headerLen + " is below 2");
        if (headerLen > Safetensors.MAX_HEADER) throw new BadInputException(subject, "header length " + headerLen + " exceeds 100 MB");
        if (headerLen > fileSize - 8) throw new BadInputException(subject, "header length " + headerLen + " exceeds the file size");
        byte[] raw = map.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        JsonNode root = Safetensors.headerJson(subject, Safetensors.decodeUtf8(subject, raw));
        if (!root.isObject()) throw new BadInputException(subject, "header is not a JSON object");

        long dataSize = fileSize - 8 - headerLen;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                readMetadata(subject, f.getValue(), metadata);
            } else {
                entries.add(readEntry(subject, f.getKey(), f.getValue()));
            }
        }
        checkLayout(subject, entries, dataSize);
        return new SafetensorsHeader(entries, metadata);
    }

    private static void readMetadata(String subject, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) throw new BadInputException(subject, "__metadata__ is not an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) throw new BadInputException(subject, "__metadata__ value of " + f.getKey() + " is not a string");
            out.put(f.getKey(), f.getValue().textValue());
        }
    }

    private static Entry readEntry(String subject, String name, JsonNode node) {
        String where = "tensor " + name;
        if (!node.isObject()) throw new BadInputException(subject, where + " is not an object");
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw new BadInputException(subject, where + " has no dtype");
        DType dtype = DType.parse(dtypeNode.textValue());
        if (dtype == null) throw new BadInputException(subject, where + " has unknown dtype " + dtypeNode.textValue());
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) throw new BadInputException(subject, where + " has no shape list");
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong()) throw new BadInputException(subject, where + " has a non-integer dimension");
            shape[i] = d.longValue();
            if (shape[i] < 0) throw new BadInputException(subject, where + " has a negative dimension " + shape[i]);
            try {
                count = Math.multiplyExact(count, shape[i]);
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
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2
                || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()
                || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new BadInputException(subject, where + " has no valid data_offsets [begin, end]");
        }
        long begin = off.get(0).longValue();
        long end = off.get(1).longValue();
        if (begin < 0 || end < 0) throw new BadInputException(subject, where + " has a negative data offset");
        if (begin > end) throw new BadInputException(subject, where + " has begin " + begin + " > end " + end);
        if (end - begin != bytes) {
            throw new BadInputException(subject, where + " spans " + (end - begin) + " bytes but " + dtype + " " + java.util.Arrays.toString(shape) + " needs " + bytes);
        }
        if (node.size() != 3) throw new BadInputException(subject, where + " has unexpected fields");
        return new Entry(name, dtype, shape, begin, end);
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
