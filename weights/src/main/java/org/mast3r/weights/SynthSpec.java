package org.mast3r.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.mast3r.common.BadInputException;

/**
 * The knobs of synth-v1 (../shared/docs/synthetic-weights.md): the global seed {@code g} (an unsigned
 * 64-bit value kept in a long), the GAIN of the fan-in rule, and per-tensor GAIN exceptions by exact name.
 */
public record SynthSpec(long seed, double gain, Map<String, Double> gainFor) {
    public SynthSpec {
        gainFor = Map.copyOf(gainFor);
    }

    /** g = 0, GAIN = 1, no exceptions: what most fixtures use. */
    public static SynthSpec defaults() {
        return new SynthSpec(0, 1.0, Map.of());
    }

    /** GAIN for this tensor: its exception if it has one, else the global GAIN. */
    public double gainOf(String name) {
        Double g = gainFor.get(name);
        return g == null ? gain : g;
    }

    /**
     * Reads a manifest's {@code synth_weights} ({@code g}, {@code GAIN}, {@code exceptions: [{tensors, GAIN}]}).
     * g is unsigned 64-bit, so 2^64-1 arrives as a big integer and is kept as its two's-complement long.
     */
    public static SynthSpec fromJson(JsonNode node, String subject) {
        if (node == null || !node.isObject()) throw new BadInputException(subject, "synth_weights is not an object");
        long g = seedOf(node.get("g"), subject);
        double gain = 1.0;
        JsonNode gn = node.get("GAIN");
        if (gn != null) {
            if (!gn.isNumber()) throw new BadInputException(subject, "GAIN is not a number");
            gain = gn.doubleValue();
        }
        Map<String, Double> gainFor = new HashMap<>();
        JsonNode ex = node.get("exceptions");
        if (ex != null && ex.isArray()) {
            for (JsonNode e : ex) {
                JsonNode eg = e.get("GAIN");
                JsonNode names = e.get("tensors");
                if (eg == null || !eg.isNumber() || names == null || !names.isArray()) {
                    throw new BadInputException(subject, "synth_weights exception needs tensors and GAIN");
                }
                for (JsonNode n : names) gainFor.put(n.asText(), eg.doubleValue());
            }
        }
        return new SynthSpec(g, gain, gainFor);
    }

    private static long seedOf(JsonNode n, String subject) {
        if (n == null || n.isNull()) return 0;
        if (n.isIntegralNumber()) return parseSeed(n.bigIntegerValue().toString(), subject);
        if (n.isTextual()) return parseSeed(n.textValue(), subject);
        throw new BadInputException(subject, "g is not an integer");
    }

    /** An unsigned 64-bit seed in decimal or 0x-hex; anything else is a {@link BadInputException}. */
    public static long parseSeed(String text, String subject) {
        try {
            BigInteger v = text.startsWith("0x") || text.startsWith("0X")
                    ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
            if (v.signum() < 0 || v.bitLength() > 64) throw new NumberFormatException();
            return v.longValue();
        } catch (NumberFormatException e) {
            throw new BadInputException(subject, "seed must be an integer from 0 to 18446744073709551615, got " + text);
        }
    }
}
