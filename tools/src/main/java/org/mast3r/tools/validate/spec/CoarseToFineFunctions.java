package org.mast3r.tools.validate.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.mast3r.kernels.Parallel;

/** Placeholder until coarse-to-fine lands. */
public final class CoarseToFineFunctions implements SpecFunctions {
    @Override
    public Set<String> names() {
        return Set.of();
    }

    @Override
    public Map<String, SpecArray> run(String function, JsonNode args, Map<String, SpecArray> inputs, Parallel parallel) {
        throw new IllegalArgumentException("unknown function " + function);
    }
}
