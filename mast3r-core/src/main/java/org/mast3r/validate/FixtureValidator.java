package org.mast3r.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One kind of fixture folder. {@code mast3r validate} reads {@code manifest.json} and hands it to the
 * first validator that accepts its content (never its folder name).
 */
public interface FixtureValidator {
    /** True when the manifest describes a fixture of this kind. */
    boolean accepts(JsonNode manifest);

    /** Runs every case of the fixture, reporting one line per compared tensor. */
    void validate(Path dir, JsonNode manifest, ValidateOptions options, Checks checks);
}
