package org.mast3r.validate.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.validate.CheckLines;
import org.mast3r.validate.ValidateOptions;

/** The spec-case validator on the matching and coarse-to-fine fixtures: every line must pass. */
class SpecCaseValidatorMatchTest {
    @ParameterizedTest
    @ValueSource(strings = {"matching", "coarse-to-fine"})
    void fixtureFolderPasses(String folder) {
        Path dir = Fixtures.dir(folder);
        var manifest = Json.read(dir.resolve("manifest.json"));
        SpecCaseValidator v = SpecCaseValidator.standard();
        assertTrue(v.accepts(manifest), folder + " manifest not accepted");
        StringBuilder text = new StringBuilder();
        CheckLines lines = new CheckLines(line -> text.append(line).append('\n'));
        v.validate(dir, manifest, new ValidateOptions(2, null), lines);
        assertEquals(0, lines.failed(), text.toString());
        assertTrue(lines.passed() > 0, "no comparisons ran");
    }

    @org.junit.jupiter.api.Test
    void pythonSliceSemantics() {
        var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        var s = json.arrayNode().add(4).addNull().add(8);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {4, 12}, SpecInputs.pySlice(s, 17));
        var neg = json.arrayNode().addNull().addNull().add(-3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {6, 3, 0}, SpecInputs.pySlice(neg, 7));
        var tail = json.arrayNode().add(-2).addNull().addNull();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {5, 6}, SpecInputs.pySlice(tail, 7));
    }
}
