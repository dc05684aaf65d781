package org.mast3r.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mast3r.common.Json;
import static org.junit.jupiter.api.Assertions.fail;

/** The shared fixture folder (system property mast3r.fixtures, set by the parent pom). Missing: fail, never skip. */
final class Fixtures {
    private Fixtures() {}

    static Path dir(String sub) {
        String root = System.getProperty("mast3r.fixtures");
        if (root == null) fail("system property mast3r.fixtures is not set (run the tests through Maven)");
        Path p = Path.of(root, sub);
        if (!Files.isDirectory(p)) fail("fixture folder " + p + " is missing: check out ../shared beside the repository");
        return p;
    }

    static JsonNode json(String sub, String file) {
        return Json.read(dir(sub).resolve(file));
    }
}
