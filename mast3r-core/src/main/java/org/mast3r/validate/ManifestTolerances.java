package org.mast3r.validate;

import com.fasterxml.jackson.databind.JsonNode;
import org.mast3r.common.BadInputException;

/**
 * One tolerance block of a fixture's manifest ({@code tolerances}, {@code recommended_tolerances}): each check
 * reads its own number by key path, and a missing or non-numeric one is bad input naming the manifest and the
 * path, never a silent default. Checks whose manifest has no number keep their default beside the check, with a
 * comment saying so.
 */
public final class ManifestTolerances {
    private final JsonNode block;
    private final String blockName;
    private final String subject;

    /** {@code subject} names the manifest file in messages. */
    public ManifestTolerances(JsonNode manifest, String blockName, String subject) {
        this.block = manifest.path(blockName);
        this.blockName = blockName;
        this.subject = subject;
    }

    /** True when the block holds a value (of any kind) at {@code path}. */
    public boolean has(String... path) {
        return !at(path).isMissingNode();
    }

    /** The number at {@code path}, which must be finite and not negative. */
    public double get(String... path) {
        JsonNode n = at(path);
        if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < 0) {
            throw new BadInputException(subject, blockName + "." + String.join(".", path) + " is missing or not a non-negative number");
        }
        return n.asDouble();
    }

    private JsonNode at(String... path) {
        JsonNode n = block;
        for (String key : path) n = n.path(key);
        return n;
    }
}
