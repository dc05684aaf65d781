package org.mast3r.scene.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mast3r.scene.Fixtures;

/** The public multiview fixture end to end: every check of its manifest passes. */
class MultiviewValidationTest {
    @Test
    void everyCheckPasses() {
        List<String> failed = new ArrayList<>();
        int[] lines = {0};
        try (MultiviewFixture fx = MultiviewFixture.open(Fixtures.dir("multiview"))) {
            MultiviewValidation.validate(fx, false, new Checks() {
                @Override
                public void line(String caseName, String what, String measure, boolean pass) {
                    System.out.println(caseName + " " + what + " " + measure + " " + (pass ? "PASS" : "FAIL"));
                    lines[0]++;
                    if (!pass) failed.add(what + " " + measure);
                }

                @Override
                public void note(String text) {
                    System.out.println("# " + text);
                }
            });
        }
        assertTrue(lines[0] > 40, "too few checks ran: " + lines[0]);
        assertTrue(failed.isEmpty(), "failed: " + failed);
    }
}
