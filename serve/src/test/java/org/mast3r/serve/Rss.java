package org.mast3r.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test JVM's peak resident set (Linux {@code VmHWM}), in KiB: the server runs inside it. */
final class Rss {
    private Rss() {}

    static long peakKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
            throw new IllegalStateException("/proc/self/status has no VmHWM line");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
