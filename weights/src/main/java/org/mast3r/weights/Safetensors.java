package org.mast3r.weights;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.common.BadInputException;

/**
 * A safetensors file mapped read-only: 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the data.
 * Tensors are views into the mapping; the file is mapped once (style.md §10) and stays mapped until
 * {@link #close()}.
 */
public final class Safetensors implements AutoCloseable {
    static final long MAX_HEADER = 100L * 1024 * 1024;

    private final Path file;
    private final Arena arena;
    private final Map<String, StoredTensor> tensors;
    private final Map<String, String> metadata;
    private final long fileSize;

    private Safetensors(Path file, Arena arena, Map<String, StoredTensor> tensors, Map<String, String> metadata, long fileSize) {
        this.file = file;
        this.arena = arena;
        this.tensors = tensors;
        this.metadata = metadata;
        this.fileSize = fileSize;
    }

    /** Maps and checks {@code file}; every defect is a {@link BadInputException} naming the file. */
    public static Safetensors open(Path file) {
        String subject = file.toString();
        if (Files.isDirectory(file)) throw new BadInputException(subject, "is a folder, not a safetensors file");
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new BadInputException(subject, "too short for a safetensors file (" + size + " bytes)");
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLen = map.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            SafetensorsHeader header = SafetensorsHeader.parse(subject, map, headerLen, size);
            Map<String, StoredTensor> tensors = new LinkedHashMap<>();
            MemorySegment data = map.asSlice(8 + headerLen);
            for (SafetensorsHeader.Entry e : header.entries()) {
                tensors.put(e.name(), new StoredTensor(e.name(), e.dtype(), e.shape(), data.asSlice(e.begin(), e.end() - e.begin())));
            }
            return new Safetensors(file, arena, Collections.unmodifiableMap(tensors), header.metadata(), size);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new BadInputException(subject, "no such file");
        } catch (IOException e) {
            arena.close();
            throw new BadInputException(subject, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * A tensor table over memory someone else mapped or filled: the tensors of a .pth ({@link PthReader}),
     * with the tied names as aliases in {@code metadata}. Closing it closes {@code arena}.
     */
    static Safetensors of(Path file, Arena arena, Map<String, StoredTensor> tensors, Map<String, String> metadata, long fileSize) {
        return new Safetensors(file, arena, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), fileSize);
    }

    public Path file() {
        return file;
    }

    public long fileSize() {
        return fileSize;
    }

    /** Tensor names in data order. */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    /** The tensor stored under exactly this name, or null. */
    public StoredTensor get(String name) {
        return tensors.get(name);
    }

    /** The tensor, or a {@link BadInputException} naming the file and the missing tensor. */
    public StoredTensor require(String name) {
        StoredTensor t = tensors.get(name);
        if (t == null) throw new BadInputException(file.toString(), "no tensor named " + name);
        return t;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Rejects bytes that are not UTF-8 (overlong forms and lone surrogates included). */
    static void checkUtf8(String subject, byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new BadInputException(subject, "header is not valid UTF-8");
        }
    }
}
