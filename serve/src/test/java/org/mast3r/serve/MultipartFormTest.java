package org.mast3r.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The multipart parser against bodies written out by hand (RFC 7578's layout). */
class MultipartFormTest {
    static final byte[] DELIMITER = ("\r\n--" + Api.BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void partsComeBackWithTheirNamesFileNamesAndExactBytes() {
        // a body that contains the boundary's text without its leading CRLF, and a CRLF of its own at the end
        byte[] tricky = ("--" + Api.BOUNDARY + " inside\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = Api.form(List.of(new Api.Upload("a \\\"b\\\".png", tricky)), Map.of("mode", "match"));
        List<MultipartForm.Part> parts = MultipartForm.parse(body, DELIMITER, 10);
        assertEquals(2, parts.size());
        assertEquals("images", parts.get(0).name());
        assertEquals("a \"b\".png", parts.get(0).filename());
        assertArrayEquals(tricky, parts.get(0).body());
        assertEquals("mode", parts.get(1).name());
        assertNull(parts.get(1).filename());
        assertEquals("match", parts.get(1).text());
    }

    @Test
    void malformedBodiesAndTooManyPartsAre400() {
        byte[] ok = Api.form(List.of(new Api.Upload("a.png", new byte[] {1, 2})), Map.of("mode", "match"));
        assertEquals(400, assertThrows(HttpError.class, () -> MultipartForm.parse(ok, DELIMITER, 1)).status);
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 12);
        HttpError e = assertThrows(HttpError.class, () -> MultipartForm.parse(cut, DELIMITER, 10));
        assertTrue(e.getMessage().contains("no closing boundary"), e.getMessage());
        assertThrows(HttpError.class, () -> MultipartForm.parse("hello".getBytes(StandardCharsets.UTF_8), DELIMITER, 10));
    }

    @Test
    void indexOfFindsTheFirstMatchAtOrAfterTheStart() {
        byte[] hay = "abcabcab".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, MultipartForm.indexOf(hay, "abc".getBytes(StandardCharsets.US_ASCII), 0));
        assertEquals(3, MultipartForm.indexOf(hay, "abc".getBytes(StandardCharsets.US_ASCII), 1));
        assertEquals(-1, MultipartForm.indexOf(hay, "abcd".getBytes(StandardCharsets.US_ASCII), 0));
        assertEquals(6, MultipartForm.indexOf(hay, "ab".getBytes(StandardCharsets.US_ASCII), 4));
    }
}
