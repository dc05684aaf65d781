package org.mast3r.validate.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.mast3r.kernels.Parallel;

/** A family of reference functions that spec cases can name ({@code spec.function}). */
public interface SpecFunctions {
    Set<String> names();

    /** Runs {@code function} on the loaded inputs; returns outputs by the spec's output names. */
    Map<String, SpecArray> run(String function, JsonNode args, Map<String, SpecArray> inputs, Parallel parallel);
}
