package org.mast3r.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.mast3r.common.BadInputException;

/** The folder a command writes into: created when missing, never reused when non-empty unless forced. */
public final class OutputDir {
    private OutputDir() {}

    /** {@code dir}, created if missing; a file, or a non-empty folder without {@code force}, is bad input. */
    public static Path prepare(Path dir, boolean force) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) throw new BadInputException(dir.toString(), "exists and is not a folder");
            if (Files.isDirectory(dir) && !force) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) throw new BadInputException(dir.toString(), "exists and is not empty (use --force to write into it)");
                }
            }
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), "cannot create: " + e.getMessage());
        }
    }
}
