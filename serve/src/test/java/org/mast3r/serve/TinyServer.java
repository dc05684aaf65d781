package org.mast3r.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.image.Preprocess;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.weights.DType;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;
import org.mast3r.weights.SynthTensors;

/**
 * The serve tests' setup: a synth-v1 checkpoint of the mast3r-tiny fixture config (made once per test JVM), a
 * server on a free port of 127.0.0.1 with its own work folder.
 */
final class TinyServer {
    static final Path DIR = tempDir();
    static final Path CHECKPOINT = checkpoint();
    static final LoadedModel MODEL = new LoadedModel(Mast3r.load(CHECKPOINT, null, "cpu", 2), CHECKPOINT, null, "cpu");

    private TinyServer() {}

    static ServeOptions options(int queue, long maxUploadBytes, long maxPixels) {
        try {
            return new ServeOptions("127.0.0.1", 0, 6, maxUploadBytes, queue, Files.createTempDirectory(DIR, "work-"), maxPixels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServeOptions defaults() {
        return options(4, 50L << 20, Preprocess.DEFAULT_MAX_PIXELS);
    }

    static WebServer start(ServeOptions options) throws IOException {
        return WebServer.start(options, MODEL);
    }

    static WebServer start(ServeOptions options, Map<String, JobRunner> runners) throws IOException {
        return WebServer.start(options, MODEL, runners);
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("mast3r-serve-test-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    WorkFolder.deleteTree(dir);
                } catch (IOException ignored) {
                    // a temp folder left behind is harmless
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path checkpoint() {
        Path config = Fixtures.file("mast3r-tiny", "config.json");
        try {
            Path ckpt = Files.createDirectories(DIR.resolve("tiny"));
            SynthTensors.writeCheckpoint(ckpt, ModelConfig.fromJson(Json.read(config), "config.json"), new SynthSpec(0, 1.0, Map.of()), DType.F32, 2);
            return ckpt;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
