package org.mast3r.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578), read whole into memory but never beyond {@code maxBytes}: a
 * Content-Length above it is refused before a byte is read, and a body without one (chunked) is counted as it
 * comes and refused as soon as it passes the limit. Both answer 413.
 */
final class MultipartForm {
    /** One part: its field name, the file name the client gave (null for plain fields), its bytes. */
    record Part(String name, String filename, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8).strip();
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern PARAM = Pattern.compile(";\\s*(name|filename)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final byte[] CRLF2 = {'\r', '\n', '\r', '\n'};

    private MultipartForm() {}

    static List<Part> read(HttpExchange ex, long maxBytes, int maxParts) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        Matcher b = type == null || !type.toLowerCase().startsWith("multipart/form-data") ? null : BOUNDARY.matcher(type);
        if (b == null || !b.find()) throw new HttpError(400, "mast3r: request: expected a multipart/form-data body");
        String boundary = b.group(1) != null ? b.group(1) : b.group(2);
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLength(length) > maxBytes) throw tooLarge(maxBytes);
        return parse(readBounded(ex.getRequestBody(), maxBytes), ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), maxParts);
    }

    private static long parseLength(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "mast3r: request: bad Content-Length " + v);
        }
    }

    private static HttpError tooLarge(long maxBytes) {
        return new HttpError(413, "mast3r: request: body larger than --max-upload-mb " + maxBytes / (1024 * 1024));
    }

    private static byte[] readBounded(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > maxBytes) throw tooLarge(maxBytes);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The body as "--B\r\n" part ("\r\n--B\r\n" part)* "\r\n--B--"; {@code delimiter} is "\r\n--B". */
    static List<Part> parse(byte[] body, byte[] delimiter, int maxParts) {
        // The first delimiter has no leading CRLF: look for it as if the body started with one.
        int at = body.length >= delimiter.length - 2 && Arrays.equals(body, 0, delimiter.length - 2, delimiter, 2, delimiter.length)
                ? delimiter.length - 2 : -1;
        if (at < 0) throw malformed("does not start with its boundary");
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (at + 2 <= body.length && body[at] == '-' && body[at + 1] == '-') return parts;
            if (at + 2 > body.length || body[at] != '\r' || body[at + 1] != '\n') throw malformed("a boundary is not followed by CRLF");
            int headersEnd = indexOf(body, CRLF2, at + 2);
            if (headersEnd < 0) throw malformed("a part has no end of headers");
            int end = indexOf(body, delimiter, headersEnd + 4);
            if (end < 0) throw malformed("the last part has no closing boundary");
            if (parts.size() == maxParts) throw new HttpError(400, "mast3r: request: more than " + maxParts + " form parts");
            parts.add(part(new String(body, at + 2, headersEnd - at - 2, StandardCharsets.UTF_8), Arrays.copyOfRange(body, headersEnd + 4, end)));
            at = end + delimiter.length;
        }
    }

    private static Part part(String headers, byte[] body) {
        String name = null, filename = null;
        for (String line : headers.split("\r\n")) {
            if (!line.toLowerCase().startsWith("content-disposition:")) continue;
            Matcher m = PARAM.matcher(line);
            while (m.find()) {
                String v = m.group(2).replaceAll("\\\\(.)", "$1");
                if (m.group(1).equals("name")) name = v;
                else filename = v;
            }
        }
        if (name == null) throw malformed("a part has no name");
        return new Part(name, filename, body);
    }

    private static HttpError malformed(String why) {
        return new HttpError(400, "mast3r: request: malformed multipart body (" + why + ")");
    }

    /** First index of {@code needle} in {@code hay} at or after {@code from}, or -1. */
    static int indexOf(byte[] hay, byte[] needle, int from) {
        byte first = needle[0];
        for (int i = Math.max(0, from), last = hay.length - needle.length; i <= last; i++) {
            if (hay[i] == first && Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) return i;
        }
        return -1;
    }
}
