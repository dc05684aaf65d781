package org.mast3r.serve;

import java.util.Map;
import java.util.Set;
import org.mast3r.common.BadInputException;

/**
 * The optional form parts of a job, named like the CLI's options with underscores ({@code coarse_to_fine} for
 * {@code --coarse-to-fine}). A bad value is a {@link BadInputException} naming the part, as the CLI names the option.
 */
record FormOptions(Map<String, String> values) {
    /** Refuses any part the mode does not know. */
    void allowOnly(Set<String> known, String mode) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) throw new BadInputException(k, "not an option of " + mode + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
        }
    }

    boolean flag(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty() || v.equals("false") || v.equals("0")) return false;
        if (v.equals("true") || v.equals("1") || v.equals("on")) return true;
        throw new BadInputException(key, "must be true or false, got " + v);
    }

    int integer(String key, int fallback, int min, int max) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) return fallback;
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) return i;
        } catch (NumberFormatException ignored) {
            // answered below, as an out-of-range value is
        }
        throw new BadInputException(key, "must be an integer from " + min + " to " + max + ", got " + v);
    }

    float number(String key, float fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) return fallback;
        try {
            float f = Float.parseFloat(v);
            if (Float.isFinite(f)) return f;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new BadInputException(key, "must be a number, got " + v);
    }

    /** The network input size, 512 (the default) or 224. */
    int size() {
        int s = integer("size", 512, 224, 512);
        if (s != 512 && s != 224) throw new BadInputException("size", "must be 512 or 224, got " + s);
        return s;
    }

    String text(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
