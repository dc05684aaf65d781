package org.mast3r.validate.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.common.BadInputException;
import org.mast3r.kernels.Parallel;
import org.mast3r.validate.FixtureValidator;
import org.mast3r.validate.Checks;
import org.mast3r.validate.ValidateOptions;

/**
 * Fixtures whose manifest describes every case by a structured {@code spec} (function, args, inputs,
 * outputs, compare): the matching and coarse-to-fine folders. Accepted by content: a {@code cases}
 * object in which every case's {@code spec.function} belongs to one of our function families. Cases run
 * from the spec only; the Python {@code call} strings are documentation.
 */
public final class SpecCaseValidator implements FixtureValidator {
    private final List<SpecFunctions> families;

    public SpecCaseValidator(List<SpecFunctions> families) {
        this.families = families;
    }

    /** The families this project knows: matching and coarse-to-fine. */
    public static SpecCaseValidator standard() {
        return new SpecCaseValidator(List.of(new MatchingFunctions(), new CoarseToFineFunctions()));
    }

    private SpecFunctions family(String function) {
        for (SpecFunctions f : families) if (f.names().contains(function)) return f;
        return null;
    }

    @Override
    public boolean accepts(JsonNode manifest) {
        JsonNode cases = manifest.path("cases");
        if (!cases.isObject() || cases.isEmpty()) return false;
        for (JsonNode c : cases) {
            if (!c.path("spec").path("function").isTextual() || family(c.path("spec").path("function").asText()) == null) return false;
        }
        return true;
    }

    @Override
    public void validate(Path dir, JsonNode manifest, ValidateOptions options, Checks checks) {
        try (SpecInputs files = new SpecInputs(dir); Parallel parallel = new Parallel(options.threads())) {
            var it = manifest.path("cases").fields();
            while (it.hasNext()) {
                var e = it.next();
                runCase(e.getKey(), e.getValue().path("spec"), files, parallel, checks, dir.resolve("manifest.json"));
            }
        }
    }

    private void runCase(String name, JsonNode spec, SpecInputs files, Parallel parallel, Checks checks, Path manifest) {
        String function = spec.path("function").asText();
        Map<String, SpecArray> got;
        long t0 = System.nanoTime();
        try {
            Map<String, SpecArray> inputs = new HashMap<>();
            var it = spec.path("inputs").fields();
            while (it.hasNext()) {
                var in = it.next();
                inputs.put(in.getKey(), files.load(in.getValue()));
            }
            got = family(function).run(function, spec.path("args"), inputs, parallel);
        } catch (BadInputException ex) {
            throw ex;                      // a missing or broken input file: exit 2, naming it
        } catch (IllegalArgumentException | ClassCastException ex) {
            // arguments the spec got wrong (types, ranges, shapes): the manifest is malformed
            throw new BadInputException(manifest.toString(), "case " + name + ": " + ex.getMessage());
        } catch (RuntimeException ex) {
            checks.line(name, function, "error: " + ex.getMessage(), false);
            return;
        }
        checks.note(String.format(java.util.Locale.ROOT, "%s: %s in %.1f ms", name, function, (System.nanoTime() - t0) / 1e6));
        SpecCompare.compareCase(name, spec, got, files, checks);
    }
}
