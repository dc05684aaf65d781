package org.mast3r.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mast3r.pipeline.Mast3r;

/**
 * The model of an executor JVM: memory-mapped once from a path every node can read (never shipped as bytes)
 * and shared by all the tasks the executor runs, which {@link Mast3r} allows. It stays loaded for the JVM's
 * life, as the executor's tasks keep coming. A checkpoint replaced on disk (another size or time) is loaded anew.
 */
final class ExecutorModel {
    private static final Map<String, Mast3r> LOADED = new ConcurrentHashMap<>();

    private ExecutorModel() {}

    /** {@code threads}: the engine's workers, the task's spark.task.cpus (with 1, a task runs on its own thread). */
    static Mast3r get(String checkpoint, String config, String device, int threads) {
        String key = String.join("\n", stamp(checkpoint), config == null ? "" : stamp(config), device, Integer.toString(threads));
        return LOADED.computeIfAbsent(key, k -> Mast3r.load(Path.of(checkpoint), config == null ? null : Path.of(config), device, threads));
    }

    private static String stamp(String file) {
        Path p = Path.of(file);
        try {
            return p.toAbsolutePath() + " " + Files.getLastModifiedTime(p).toMillis() + " " + (Files.isDirectory(p) ? 0 : Files.size(p));
        } catch (IOException e) {
            return p.toAbsolutePath().toString();
        }
    }
}
