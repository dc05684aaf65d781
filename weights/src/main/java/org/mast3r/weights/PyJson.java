package org.mast3r.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code json.dumps(obj, indent=2)} for a JSON tree (key order as given), so a config.json we
 * write matches save_pretrained's byte for byte: floats in repr form, non-finite as Infinity/NaN.
 */
final class PyJson {
    private PyJson() {}

    static String dumps(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonNode n, int depth) {
        if (n.isObject()) {
            if (n.isEmpty()) { sb.append("{}"); return; }
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                newline(sb, depth + 1);
                string(sb, e.getKey());
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
                if (it.hasNext()) sb.append(',');
            }
            newline(sb, depth);
            sb.append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) { sb.append("[]"); return; }
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                newline(sb, depth + 1);
                write(sb, n.get(i), depth + 1);
                if (i + 1 < n.size()) sb.append(',');
            }
            newline(sb, depth);
            sb.append(']');
        } else if (n.isTextual()) {
            string(sb, n.textValue());
        } else if (n.isIntegralNumber()) {
            sb.append(n.bigIntegerValue());
        } else if (n.isNumber()) {
            sb.append(pyFloat(n.doubleValue()));
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue() ? "true" : "false");
        } else {
            sb.append("null");
        }
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n').append("  ".repeat(depth));
    }

    /** json.dumps escapes non-ASCII as \\uXXXX (ensure_ascii=True). */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /** Python's float repr: shortest digits, scientific when the exponent is < -4 or >= 16. */
    static String pyFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        String plain = bd.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
