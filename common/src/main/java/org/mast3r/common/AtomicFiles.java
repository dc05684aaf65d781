package org.mast3r.common;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    /** Fills the stream of the temp file that will become the target (buffered; closed after it returns). */
    @FunctionalInterface
    public interface StreamBody {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void writeString(Path file, String text) {
        replace(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** {@link #replace} for a writer of streams: the Path face of an exporter that writes to an OutputStream. */
    public static void writeStream(Path file, StreamBody body) {
        replace(file, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
        });
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
