package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.Json;

/**
 * {@code reconstruct --spark local[2]} through the command line, Spark on the class path as the launcher puts it
 * there, against plain {@code reconstruct}: the same pair files bit for bit (their headers hold the run's
 * fingerprint, so the same inputs and options too), the same cameras within 1e-6, the same report on stdout.
 */
class ReconstructOnSparkTest {
    @TempDir Path tmp;

    private static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("reconstruct"));
        a.addAll(SceneImages.args());
        a.addAll(List.of("--model", TinyModel.CHECKPOINT.toString(), "--out", out.toString(), "--size", "224", "--threads", "1",
                "--niter1", "30", "--niter2", "30", "--quiet"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void sparkLocalMakesTheSceneOfPlainReconstruct() throws IOException {
        Path plain = tmp.resolve("plain"), spark = tmp.resolve("spark");
        CliRun a = CliRun.of(args(plain));
        assertEquals(Main.OK, a.code(), a.err());
        CliRun b = CliRun.of(args(spark, "--spark", "local[2]"));
        assertEquals(Main.OK, b.code(), b.err());
        assertEquals("", b.err());
        assertEquals(a.out().replace(plain.toString(), "OUT"), b.out().replace(spark.toString(), "OUT"));
        assertTrue(b.out().contains("6 pairs (6 computed, 0 reused)"), b.out());

        List<String> pairs = pairFiles(plain);
        assertEquals(6, pairs.size(), pairs.toString());
        assertEquals(pairs, pairFiles(spark));
        for (String p : pairs) {
            assertArrayEquals(Files.readAllBytes(plain.resolve("pairs").resolve(p)), Files.readAllBytes(spark.resolve("pairs").resolve(p)), p);
        }
        List<JsonNode> expected = leaves(Json.read(plain.resolve("cameras.json"))), actual = leaves(Json.read(spark.resolve("cameras.json")));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i), g = actual.get(i);
            if (e.isNumber()) assertEquals(e.asDouble(), g.asDouble(), 1e-6 * Math.max(1, Math.abs(e.asDouble())), "cameras.json value " + i);
            else assertEquals(e, g, "cameras.json value " + i);
        }
    }

    @Test
    void aMasterSparkCannotParseIsBadInput() {
        CliRun r = CliRun.of(args(tmp.resolve("bad"), "--spark", "nowhere://x"));
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("mast3r: nowhere://x: is not a Spark master URL"), r.err());
    }

    private static List<String> pairFiles(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("pairs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("pair-")).sorted().toList();
        }
    }

    /** The JSON tree's values in document order. */
    private static List<JsonNode> leaves(JsonNode n) {
        if (!n.isContainerNode()) return List.of(n);
        List<JsonNode> out = new ArrayList<>();
        n.forEach(c -> out.addAll(leaves(c)));
        return out;
    }
}
