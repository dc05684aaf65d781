package org.mast3r.common;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference fixtures beside the checkout, for every module's tests (this class ships in common's test jar).
 * The parent pom sets the system property {@code mast3r.fixtures} to {@code ../shared/fixtures}; a missing
 * folder or file fails the test, never skips it.
 */
public final class Fixtures {
    private Fixtures() {}

    /** {@code fixtures/name}, a folder that must exist. */
    public static Path dir(String name) {
        String root = System.getProperty("mast3r.fixtures");
        if (root == null) fail("system property mast3r.fixtures is not set (the parent pom sets it to ../shared/fixtures)");
        Path dir = Path.of(root, name);
        if (!Files.isDirectory(dir)) fail("fixture folder " + dir + " is missing: put ../shared beside the checkout");
        return dir;
    }

    /** {@code fixtures/folder/name}, a file that must exist. */
    public static Path file(String folder, String name) {
        Path f = dir(folder).resolve(name);
        if (!Files.isRegularFile(f)) fail("fixture file " + f + " is missing");
        return f;
    }
}
