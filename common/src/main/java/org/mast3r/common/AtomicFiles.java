package org.mast3r.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Outputs written whole or not at all: a hidden temp file in the same folder, then an atomic rename. */
public final class AtomicFiles {
    /** Fills the temp file that will become the target. */
    @FunctionalInterface
    public interface Body {
        void write(Path tmp) throws IOException;
    }

    private AtomicFiles() {}

    public static void writeString(Path file, String text) {
        replace(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Runs {@code body} on a temp file beside {@code file}, then renames it over {@code file}; cleans up on failure. */
    public static void replace(Path file, Body body) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
            body.write(tmp);
            publish(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot write: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; the hidden temp file names its target
                }
            }
        }
    }

    /** Temp files are created owner-only; the finished file gets the usual rw-r--r--. */
    private static void publish(Path tmp) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
