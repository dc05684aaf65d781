package org.mast3r.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.common.BadInputException;

/**
 * Reads a constructor call such as {@code AsymmetricMASt3R(enc_depth=24, depth_mode=('exp', -inf, inf))}
 * without evaluating it: a class name, then keyword arguments whose values are ints, floats, strings,
 * tuples, lists, True, False, None and inf, with unary minus. Anything else (a name, a call, an operator)
 * is refused, so the string can describe a model but never run code.
 */
final class PyLiteral {
    private static final int MAX_DEPTH = 16;

    /** The class name and its keyword arguments, in order; tuples come back as lists (as config.json stores them). */
    record Call(String name, Map<String, Object> kwargs) {
        ObjectNode kwargsJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            kwargs.forEach((k, v) -> o.set(k, json(v)));
            return o;
        }
    }

    private final String s;
    private final String subject;
    private int i;

    private PyLiteral(String s, String subject) {
        this.s = s;
        this.subject = subject;
    }

    static Call parseCall(String src, String subject) {
        return new PyLiteral(src, subject).call();
    }

    private Call call() {
        skip();
        String name = identifier();
        while (peek() == '.') { i++; name = name + "." + identifier(); }
        expect('(');
        Map<String, Object> kwargs = new LinkedHashMap<>();
        skip();
        while (peek() != ')') {
            String key = identifier();
            skip();
            if (peek() != '=') bad("positional argument or expression at " + i + " (only key=value arguments are read)");
            i++;
            if (kwargs.containsKey(key)) bad("argument " + key + " is given twice");
            kwargs.put(key, value(0));
            skip();
            if (peek() == ',') { i++; skip(); } else if (peek() != ')') bad("expected ',' or ')' at " + i);
        }
        i++;
        skip();
        if (i != s.length()) bad("unexpected text after the call at " + i);
        return new Call(name, kwargs);
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) bad("values nest too deeply");
        skip();
        char c = peek();
        if (c == '\'' || c == '"') return string(c);
        if (c == '(' || c == '[') return sequence(c == '(' ? ')' : ']', depth);
        if (c == '-' || c == '+') {
            i++;
            Object v = value(depth + 1);
            if (v instanceof Long l) return c == '-' ? -l : l;
            if (v instanceof Double d) return c == '-' ? -d : d;
            bad("unary " + c + " applies to a number only");
        }
        if (Character.isDigit(c) || c == '.') return number();
        if (Character.isLetter(c) || c == '_') {
            int at = i;
            String w = identifier();
            return switch (w) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> null;
                case "inf" -> Double.POSITIVE_INFINITY;
                default -> { bad("name " + w + " at " + at + " is not a literal (nothing is evaluated)"); yield null; }
            };
        }
        bad("unexpected character '" + c + "' at " + i);
        return null;
    }

    private List<Object> sequence(char close, int depth) {
        i++;
        List<Object> items = new ArrayList<>();
        skip();
        while (peek() != close) {
            items.add(value(depth + 1));
            skip();
            if (peek() == ',') { i++; skip(); } else if (peek() != close) bad("expected ',' or '" + close + "' at " + i);
        }
        i++;
        return items;
    }

    private Object number() {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_'
                || (s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E'))) i++;
        String t = s.substring(start, i).replace("_", "");
        try {
            if (t.matches("[0-9]+")) return Long.parseLong(t);
            if (t.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            bad("number " + t + " is out of range");
        }
        bad("malformed number " + t + " at " + start);
        return null;
    }

    private String string(char quote) {
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) bad("unterminated string");
            char c = s.charAt(i++);
            if (c == quote) return sb.toString();
            if (c != '\\') { sb.append(c); continue; }
            if (i >= s.length()) bad("unterminated string");
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '\\', '\'', '"' -> sb.append(e);
                default -> bad("unsupported string escape \\" + e);
            }
        }
    }

    private String identifier() {
        skip();
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        if (start == i || Character.isDigit(s.charAt(start))) bad("expected a name at " + start);
        return s.substring(start, i);
    }

    private void expect(char c) {
        skip();
        if (peek() != c) bad("expected '" + c + "' at " + i);
        i++;
    }

    private char peek() {
        if (i >= s.length()) bad("ends early");
        return s.charAt(i);
    }

    private void skip() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private static JsonNode json(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (v) {
            case null -> f.nullNode();
            case Long l -> f.numberNode(l);
            case Double d -> f.numberNode(d);
            case String t -> f.textNode(t);
            case Boolean b -> f.booleanNode(b);
            case List<?> l -> {
                ArrayNode a = f.arrayNode();
                for (Object o : l) a.add(json(o));
                yield a;
            }
            default -> throw new IllegalStateException(v.getClass().toString());
        };
    }

    private void bad(String problem) {
        throw new BadInputException(subject, problem);
    }
}
