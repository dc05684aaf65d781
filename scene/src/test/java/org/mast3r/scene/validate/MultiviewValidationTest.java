package org.mast3r.scene.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mast3r.common.Fixtures;
import org.mast3r.validate.CheckLines;

/** The public multiview fixture end to end: every check of its manifest passes. */
class MultiviewValidationTest {
    @Test
    void everyCheckPasses() {
        CheckLines lines = new CheckLines(System.out::println);
        try (MultiviewFixture fx = MultiviewFixture.open(Fixtures.dir("multiview"))) {
            MultiviewValidation.validate(fx, false, lines);
        }
        assertTrue(lines.passed() > 40, "too few checks ran: " + lines.summary());
        assertEquals(0, lines.failed(), "failed: " + lines.lines().stream().filter(l -> !l.pass()).toList());
    }
}
