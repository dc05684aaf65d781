package org.mast3r.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;

/**
 * The validators take their numbers from the manifest: a tolerance is read by its key path, a missing one is bad
 * input naming the path, and a model fixture whose manifest asks for a bound no float32 run can meet fails where
 * the shipped manifest passes.
 */
class ManifestTolerancesTest {
    @TempDir Path tmp;

    @Test
    void readsNestedNumbersAndNamesWhatIsMissing() {
        ObjectNode m = (ObjectNode) Json.MAPPER.createObjectNode();
        m.putObject("tolerances").put("focal_rel", 1e-4).putObject("final").putObject("rotation_deg").put("tolerance", 0.5);
        ManifestTolerances tol = new ManifestTolerances(m, "tolerances", "m.json");
        assertEquals(1e-4, tol.get("focal_rel"));
        assertEquals(0.5, tol.get("final", "rotation_deg", "tolerance"));
        assertTrue(tol.has("final", "rotation_deg"));
        assertFalse(tol.has("final", "focal_rel"));
        BadInputException e = assertThrows(BadInputException.class, () -> tol.get("final", "focal_rel", "tolerance"));
        assertEquals("m.json", e.subject());
        assertTrue(e.problem().startsWith("tolerances.final.focal_rel.tolerance is missing"), e.problem());
    }

    @Test
    void theModelValidatorUsesTheManifestsRelToMax() throws IOException {
        Path fixture = Fixtures.dir("dust3r-linear-tiny");
        assertEquals(0, validate(fixture).failed(), "the shipped manifest passes");

        Path strict = Files.createDirectories(tmp.resolve("strict"));
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("manifest.json")) Files.createSymbolicLink(strict.resolve(f.getFileName()), f);
            }
        }
        // edited as text: the manifest holds Infinity, which a JSON writer would not give back as it was
        String manifest = Files.readString(fixture.resolve("manifest.json"));
        assertTrue(manifest.contains("\"rel_to_max\": 0.0001,"), "the shipped manifest's rel_to_max moved");
        Files.writeString(strict.resolve("manifest.json"), manifest.replace("\"rel_to_max\": 0.0001,", "\"rel_to_max\": 1e-12,"));
        CheckLines lines = validate(strict);
        assertTrue(lines.failed() > 0, "a 1e-12 bound should fail some float32 tensor: " + lines.summary());
    }

    private static CheckLines validate(Path dir) {
        CheckLines lines = new CheckLines(line -> {});
        new ModelValidator().validate(dir, Json.read(dir.resolve("manifest.json")), new ValidateOptions(2, null), lines);
        return lines;
    }
}

