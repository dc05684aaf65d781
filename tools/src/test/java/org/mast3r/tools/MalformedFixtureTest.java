package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;

/** Broken fixture folders end with exit 2 and one stderr line naming the culprit file. */
class MalformedFixtureTest {
    @TempDir Path tmp;

    private static void assertOneLine(CliRun r, Path subject) {
        assertEquals(Main.BAD_INPUT, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("mast3r: " + subject + ": "), err);
    }

    private Path modelFixture(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(Fixtures.dir("dust3r-linear-tiny").resolve("manifest.json"), dir.resolve("manifest.json"));
        return dir;
    }

    @Test
    void aModelTooLargeForThisMachine() throws IOException {
        Path dir = modelFixture("huge");
        ObjectNode m = (ObjectNode) Json.read(dir.resolve("manifest.json"));
        ((ObjectNode) m.get("constructor_kwargs")).put("enc_embed_dim", 96000).put("enc_depth", 200);
        Files.writeString(dir.resolve("manifest.json"), m.toString());
        assertOneLine(CliRun.of("validate", dir.toString()), dir.resolve("manifest.json"));
    }

    @Test
    void aMissingCaseFile() throws IOException {
        Path dir = modelFixture("missing");
        assertOneLine(CliRun.of("validate", dir.toString()), dir.resolve("pair.safetensors"));
    }

    @Test
    void anInputImageThatIsNotAPatchMultiple() throws IOException {
        Path dir = modelFixture("odd");
        int h = 50, w = 64, bytes = 3 * h * w * 4;
        String header = "{\"view1.img\":{\"dtype\":\"F32\",\"shape\":[3," + h + "," + w + "],\"data_offsets\":[0," + bytes + "]},"
                + "\"view2.img\":{\"dtype\":\"F32\",\"shape\":[3," + h + "," + w + "],\"data_offsets\":[" + bytes + "," + 2 * bytes + "]}}";
        while (header.length() % 8 != 0) header += " ";
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 2 * bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("pair.safetensors"), b.array());
        assertOneLine(CliRun.of("validate", dir.toString()), dir.resolve("pair.safetensors"));
    }

    @Test
    void aMatchingCaseWhoseInputFileIsMissing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("matching"));
        Files.writeString(dir.resolve("manifest.json"), """
                {"cases": {"c": {"spec": {"function": "bruteforce_reciprocal_nns",
                  "args": {"dist": "dot", "block_size": null},
                  "inputs": {"A": {"file": "gone.safetensors", "key": "a", "dtype_as": "float32"},
                             "B": {"file": "gone.safetensors", "key": "b", "dtype_as": "float32"}},
                  "outputs": {"nn_A": {"file": "gone.safetensors", "key": "x"}}, "compare": "exact"}}}}
                """);
        assertOneLine(CliRun.of("validate", dir.toString()), dir.resolve("gone.safetensors"));
    }
}
