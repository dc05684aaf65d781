package org.mast3r.scene.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.mast3r.validate.Checks;
import org.mast3r.validate.FixtureValidator;
import org.mast3r.validate.ValidateOptions;

/** The multiview fixture (sparse global alignment) as one of {@code mast3r validate}'s fixture kinds. */
public final class MultiviewValidator implements FixtureValidator {
    @Override
    public boolean accepts(JsonNode manifest) {
        return MultiviewValidation.accepts(manifest);
    }

    @Override
    public void validate(Path dir, JsonNode manifest, ValidateOptions options, Checks checks) {
        try (MultiviewFixture fx = MultiviewFixture.open(dir)) {
            MultiviewValidation.validate(fx, options.refine(), checks);
        }
    }
}
