package org.mast3r.weights;

import com.fasterxml.jackson.databind.JsonNode;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;

/** A JSON file of a fixture folder (manifests, configs), read with the project's bounded reader. */
final class FixtureJson {
    private FixtureJson() {}

    static JsonNode read(String folder, String file) {
        return Json.read(Fixtures.file(folder, file));
    }
}
