package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir Path tmp;

    @Test
    void headerIsPaddedTensorsSortedAndNoTempFileRemains() throws IOException {
        Path f = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(f, List.of(
                new TensorSpec("z", DType.F32, new long[] {2}, b -> SynthV1.fill("z", new long[] {2}, SynthSpec.defaults(), b)),
                new TensorSpec("a", DType.I64, new long[] {1}, b -> b.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 0, 42L))),
                Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(f);
        long headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLen % 8);
        byte last = bytes[(int) (8 + headerLen - 1)];
        assertTrue(last == ' ' || last == '}', "header ends in JSON or pad spaces");
        try (Safetensors st = Safetensors.open(f)) {
            assertEquals(List.of("a", "z"), st.names());
            assertEquals(42L, st.get("a").toLongs()[0]);
            assertEquals(Map.of("format", "pt"), st.metadata());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void aFailingFillerLeavesTheTargetAsItWas() throws IOException {
        Path f = Files.writeString(tmp.resolve("keep.safetensors"), "old");
        assertThrows(IllegalStateException.class, () -> SafetensorsWriter.write(f, List.of(
                new TensorSpec("a", DType.F32, new long[] {4}, b -> { throw new IllegalStateException("boom"); })), Map.of()));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.allMatch(p -> p.equals(f)));
        }
    }
}
