package org.mast3r.scene;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The reference fixtures beside the checkout (system property mast3r.fixtures, set by the parent pom). */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir(String name) {
        String root = System.getProperty("mast3r.fixtures");
        if (root == null) fail("system property mast3r.fixtures is not set (the parent pom sets it to ../shared/fixtures)");
        Path dir = Path.of(root, name);
        if (!Files.isDirectory(dir)) fail("fixture folder " + dir + " is missing: put ../shared beside the checkout");
        return dir;
    }
}
