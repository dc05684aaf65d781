package org.mast3r.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.export.PngFiles;
import org.mast3r.tools.demo.DemoScene;
import org.mast3r.weights.DType;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;
import org.mast3r.weights.SynthTensors;

/**
 * Shared by the end-to-end tests: a synth-v1 checkpoint of the mast3r-tiny config and two rendered
 * images (300x200 landscape, 240x320 portrait), made once per test JVM and removed at exit.
 */
final class TinyModel {
    static final Path DIR = create();
    static final Path CHECKPOINT = DIR.resolve("tiny");
    static final Path IMG1 = DIR.resolve("a.png");
    static final Path IMG2 = DIR.resolve("b.png");

    private TinyModel() {}

    private static Path create() {
        try {
            Path dir = Files.createTempDirectory("mast3r-tiny-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            Path ckpt = Files.createDirectories(dir.resolve("tiny"));
            ModelConfig c = ModelConfig.fromJson(Json.read(Fixtures.dir("mast3r-tiny").resolve("config.json")), "config.json");
            SynthTensors.writeCheckpoint(ckpt, c, new SynthSpec(0, 1.0, Map.of()), DType.F32, 2);
            PngFiles.write(dir.resolve("a.png"), PngFiles.picture(DemoScene.render(300, 200, new double[] {0, 0, 0}, 0, 0.9)));
            PngFiles.write(dir.resolve("b.png"), PngFiles.picture(DemoScene.render(240, 320, new double[] {0.5, 0, 0.2}, -0.1, 0.9)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
