package org.mast3r.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.mast3r.common.BadInputException;

/**
 * The job folders under {@code --work}. Every folder appears by an atomic rename of a finished temp folder, so a
 * server stopped at any moment leaves only whole folders or temp ones: {@code job-<id>/in} (the uploads) appears
 * whole, {@code job-<id>/out} appears when the job succeeded, and a deletion first renames the job away. At start
 * and at stop the server removes what it owns (names starting {@code job-} or {@code .tmp-}); nothing else in the
 * folder is touched.
 */
final class WorkFolder {
    private static final String JOB = "job-", TEMP = ".tmp-";

    private final Path root;

    WorkFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new BadInputException(root.toString(), "cannot create the work folder (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(this.root)) throw new BadInputException(root.toString(), "the work folder is not writable");
        clear();
    }

    Path root() {
        return root;
    }

    /** A fresh temp folder; {@link #publish} moves it into place. */
    Path temp(String id) throws IOException {
        return Files.createDirectory(root.resolve(TEMP + id + "-" + System.nanoTime()));
    }

    /** Moves a filled temp folder to {@code job-<id>} atomically; returns the job folder. */
    Path publish(Path temp, String id) throws IOException {
        return Files.move(temp, root.resolve(JOB + id), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Moves a job's finished output folder to {@code out} atomically. */
    static Path publishOutput(Path partial, Path jobFolder) throws IOException {
        return Files.move(partial, jobFolder.resolve("out"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes a job folder: renamed to a temp name first, so a crash halfway leaves a temp folder, not a half job. */
    void remove(Path jobFolder) throws IOException {
        Path doomed = root.resolve(TEMP + "deleted-" + System.nanoTime());
        Files.move(jobFolder, doomed, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(doomed);
    }

    /** Removes every folder this server owns: the previous run's jobs and any temp folder a crash left. */
    void clear() {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(JOB) || n.startsWith(TEMP)) deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) Files.deleteIfExists(p);
    }
}
