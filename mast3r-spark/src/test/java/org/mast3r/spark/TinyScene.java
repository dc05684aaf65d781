package org.mast3r.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.run.ReconstructOptions;
import org.mast3r.scene.run.ReconstructionJob;
import org.mast3r.weights.DType;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;
import org.mast3r.weights.SynthTensors;

/**
 * The Spark tests' scene: a synth-v1 checkpoint of the mast3r-tiny config written to a folder (executors map
 * it from there) and three of the multiview fixture's renders (three pairs), with a few alignment iterations;
 * the single-machine run of it, which every Spark run must reproduce; and the checks that two runs made the
 * same scene. The checkpoint and that run are made once per test JVM, for all the test classes, in a folder
 * removed at exit. Tests fail (never skip) without ../shared/fixtures.
 */
final class TinyScene {
    static final List<Path> IMAGES = List.of(view(0), view(1), view(2));
    private static Path dir, checkpoint, reference;

    private TinyScene() {}

    private static Path view(int k) {
        return Fixtures.file("multiview", "view" + k + ".png");
    }

    /** The shared checkpoint folder. */
    static synchronized Path checkpoint() throws IOException {
        if (checkpoint == null) {
            Path ckpt = Files.createDirectories(folder().resolve("tiny"));
            ModelConfig c = ModelConfig.fromJson(Json.read(Fixtures.file("mast3r-tiny", "config.json")), "config.json");
            SynthTensors.writeCheckpoint(ckpt, c, new SynthSpec(0, 1.0, Map.of()), DType.F32, 2);
            checkpoint = ckpt;
        }
        return checkpoint;
    }

    /** The output folder of plain reconstruct (no Spark) over the scene with {@link #options}. */
    static synchronized Path reference() throws IOException {
        if (reference == null) {
            Path out = folder().resolve("local");
            new ReconstructionJob(options(checkpoint(), out).build(), "test").run(Progress.NONE, line -> {});
            reference = out;
        }
        return reference;
    }

    private static Path folder() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("mast3r-spark-scene-");
            Path made = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> s = Files.walk(made)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp folder left behind is harmless
                }
            }));
        }
        return dir;
    }

    static ReconstructOptions.Builder options(Path checkpoint, Path out) {
        return ReconstructOptions.builder(IMAGES, checkpoint).out(out).size(224).niter1(30).niter2(30).threads(1);
    }

    /** Same pair files byte for byte (the header holds the run's fingerprint, so same inputs too) and the same cameras. */
    static void sameScene(Path expected, Path actual) throws IOException {
        List<String> pairs = pairFiles(expected);
        assertEquals(pairs, pairFiles(actual));
        assertEquals(3, pairs.size(), "pairs " + pairs);
        for (String p : pairs) {
            assertArrayEquals(Files.readAllBytes(expected.resolve("pairs").resolve(p)), Files.readAllBytes(actual.resolve("pairs").resolve(p)), p);
        }
        JsonNode a = Json.read(expected.resolve("cameras.json")), b = Json.read(actual.resolve("cameras.json"));
        close(a, b, "cameras.json");
    }

    private static List<String> pairFiles(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("pairs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("pair-")).sorted().toList();
        }
    }

    /** The same JSON tree with every number within the alignment's tolerance (1e-6 relative to 1). */
    private static void close(JsonNode a, JsonNode b, String at) {
        assertEquals(a.getNodeType(), b.getNodeType(), at);
        if (a.isNumber()) {
            assertEquals(a.asDouble(), b.asDouble(), 1e-6 * Math.max(1, Math.abs(a.asDouble())), at);
        } else if (a.isContainerNode()) {
            assertEquals(a.size(), b.size(), at);
            if (a.isArray()) for (int i = 0; i < a.size(); i++) close(a.get(i), b.get(i), at + "[" + i + "]");
            else a.fieldNames().forEachRemaining(k -> close(a.get(k), b.get(k), at + "." + k));
        } else {
            assertEquals(a, b, at);
        }
    }

    /** This JVM's module and access flags (surefire's argLine), which the JVMs a test starts need as well. */
    static List<String> jvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--") || a.startsWith("-XX:+Ignore") || a.startsWith("-Dio.netty")).toList();
    }
}
