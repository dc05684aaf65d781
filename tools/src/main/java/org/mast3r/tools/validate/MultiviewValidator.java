package org.mast3r.tools.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.mast3r.scene.validate.Checks;
import org.mast3r.scene.validate.MultiviewFixture;
import org.mast3r.scene.validate.MultiviewValidation;

/** The multiview fixture (sparse global alignment); the checks live in the scene library, this prints them. */
public final class MultiviewValidator implements FixtureValidator {
    @Override
    public boolean accepts(JsonNode manifest) {
        return MultiviewValidation.accepts(manifest);
    }

    @Override
    public void validate(Path dir, JsonNode manifest, ValidateOptions options, Report report) {
        Checks lines = new Checks() {
            @Override
            public void line(String caseName, String what, String measure, boolean pass) {
                report.line(caseName, what, measure, pass);
            }

            @Override
            public void note(String text) {
                report.note(text);
            }
        };
        try (MultiviewFixture fx = MultiviewFixture.open(dir)) {
            MultiviewValidation.validate(fx, options.refine(), lines);
        }
    }
}
