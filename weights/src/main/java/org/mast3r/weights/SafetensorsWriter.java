package org.mast3r.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.Json;

/**
 * Writes a safetensors file: header padded with spaces to a multiple of 8, tensors in name order,
 * contiguous from offset 0. The file is built as a temp file in the target folder through one
 * read-write mapping (page cache, never a heap copy of the data), filled in parallel, then renamed
 * over the target atomically, so a reader never sees half a file.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    public static void write(Path file, List<TensorSpec> tensors, Map<String, String> metadata) {
        write(file, tensors, metadata, Runtime.getRuntime().availableProcessors());
    }

    public static void write(Path file, List<TensorSpec> tensors, Map<String, String> metadata, int threads) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) throw new UnsupportedOperationException("big-endian host");
        List<TensorSpec> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(TensorSpec::name));
        byte[] header = header(sorted, metadata);
        long dataSize = 0;
        for (TensorSpec t : sorted) dataSize = Math.addExact(dataSize, t.byteSize());
        long total = 8 + header.length + dataSize;

        AtomicFiles.replace(file, tmp -> {
            try (Arena arena = Arena.ofShared();
                 FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MemorySegment map = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
                map.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, header.length);
                MemorySegment.copy(MemorySegment.ofArray(header), 0, map, 8, header.length);
                long[] offsets = new long[sorted.size()];
                long at = 8 + header.length;
                for (int i = 0; i < sorted.size(); i++) {
                    offsets[i] = at;
                    at += sorted.get(i).byteSize();
                }
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < sorted.size(); i++) idx.add(i);
                TensorJobs.forEach(idx, threads, i -> sorted.get(i).byteSize(),
                        i -> sorted.get(i).filler().fill(map.asSlice(offsets[i], sorted.get(i).byteSize())));
                map.force();
            }
        });
    }

    /** The JSON header, space-padded so the data starts at an 8-byte boundary. */
    static byte[] header(List<TensorSpec> sorted, Map<String, String> metadata) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        HashSet<String> seen = new HashSet<>();
        long at = 0;
        for (TensorSpec t : sorted) {
            if (t.name().equals("__metadata__") || !seen.add(t.name())) {
                throw new IllegalArgumentException("tensor name " + t.name() + " is reserved or repeated");
            }
            ObjectNode o = root.putObject(t.name());
            o.put("dtype", t.dtype().name());
            var shape = o.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            long end = at + t.byteSize();
            o.putArray("data_offsets").add(at).add(end);
            at = end;
        }
        try {
            byte[] json = Json.MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
            int padded = (json.length + 7) / 8 * 8;
            byte[] out = new byte[padded];
            System.arraycopy(json, 0, out, 0, json.length);
            for (int i = json.length; i < padded; i++) out[i] = ' ';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
