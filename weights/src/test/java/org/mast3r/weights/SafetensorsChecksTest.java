package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;

/** Every rule of the format, each on crafted bytes, with the one-line message it must give. */
class SafetensorsChecksTest {
    private static final String T = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @TempDir Path tmp;

    private String fails(byte[] bytes) {
        Path f = Crafted.write(tmp, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> Safetensors.open(f).close());
        assertEquals(f.toString(), e.subject());
        return e.problem();
    }

    private void failsWith(String expected, byte[] bytes) {
        String problem = fails(bytes);
        assertTrue(problem.contains(expected), "got: " + problem);
    }

    @Test void tooShortForTheLengthPrefix() { failsWith("too short for a safetensors file (5 bytes)", new byte[5]); }
    @Test void headerLengthBelowTwo() { failsWith("header length 1 is below 2", Crafted.file(1, new byte[] {'{'}, 0)); }
    @Test void negativeHeaderLength() { failsWith("header length -1 is below 2", Crafted.file(-1, "{}".getBytes(), 0)); }
    @Test void headerLengthOver100MB() { failsWith("header length 104857601 exceeds 100 MB", Crafted.file(104_857_601, "{}".getBytes(), 0)); }
    @Test void headerLengthBeyondTheFile() { failsWith("header length 3 exceeds the file size", Crafted.file(3, "{}".getBytes(), 0)); }
    @Test void notUtf8() { failsWith("header is not valid UTF-8", Crafted.file(4, new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'}, 0)); }
    @Test void loneSurrogateIsNotUtf8() { failsWith("header is not valid UTF-8", Crafted.file(5, new byte[] {'{', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '}'}, 0)); }
    @Test void notJson() { failsWith("header is invalid JSON", Crafted.file("{nope}", 0)); }
    @Test void truncatedJson() { failsWith("header is invalid JSON", Crafted.file("{\"a\":", 0)); }
    @Test void notAnObject() { failsWith("header is not a JSON object", Crafted.file("[1,2]", 0)); }
    @Test void trailingJson() { failsWith("header has data after its JSON object", Crafted.file("{} {}", 0)); }
    @Test void duplicateTensorName() { assertEquals("duplicate tensor name a", fails(Crafted.file("{\"a\":" + T + ",\"a\":" + T + "}", 8))); }
    @Test void duplicateFieldInATensor() { failsWith("duplicate key dtype in a", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8)); }
    @Test void duplicateMetadataKey() { failsWith("duplicate key k in __metadata__", Crafted.file("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0)); }
    @Test void unknownDtype() { assertEquals("tensor a has unknown dtype F8", fails(Crafted.file("{\"a\":{\"dtype\":\"F8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2))); }
    @Test void negativeDimension() { failsWith("tensor a has a negative dimension -2", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8)); }
    @Test void fractionalDimension() { failsWith("tensor a shape holds a non-integer", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", 8)); }
    @Test void elementCountOverflow() { failsWith("tensor a element count overflows 64 bits", Crafted.file("{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0)); }
    @Test void byteSizeOverflow() { failsWith("tensor a byte size overflows 64 bits", Crafted.file("{\"a\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}", 0)); }
    @Test void dimensionBeyond64Bits() { failsWith("overflows 64 bits", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551617],\"data_offsets\":[0,8]}}", 8)); }
    @Test void beginAfterEnd() { failsWith("tensor a has begin 8 > end 0", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8)); }
    @Test void negativeOffset() { failsWith("tensor a has a negative data offset", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[-8,-8]}}", 0)); }
    @Test void sizeMismatch() { assertEquals("tensor a spans 4 bytes but F32 [2] needs 8", fails(Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4))); }
    @Test void offsetsNeedTwoEntries() { failsWith("tensor a data_offsets must have 2 entries, not 3", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", 8)); }
    @Test void missingField() { failsWith("tensor a has no shape", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8)); }
    @Test void unexpectedField() { failsWith("tensor a has unexpected field x", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8)); }
    @Test void notStartingAtZero() { failsWith("tensor a starts at 4: a gap in the data (expected 0)", Crafted.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8)); }

    @Test
    void gapBetweenTensors() {
        failsWith("tensor b starts at 12: a gap in the data (expected 8)",
                Crafted.file("{\"a\":" + T + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16));
    }

    @Test
    void overlappingTensors() {
        failsWith("an overlap in the data (expected 8)",
                Crafted.file("{\"a\":" + T + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
    }

    @Test void dataShorterThanClaimed() { assertEquals("tensor data ends at 8 but the file holds 4 data bytes", fails(Crafted.file("{\"a\":" + T + "}", 4))); }
    @Test void bytesAfterTheLastTensor() { failsWith("tensor data ends at 8 but the file holds 12 data bytes", Crafted.file("{\"a\":" + T + "}", 12)); }
    @Test void metadataNotAnObject() { failsWith("__metadata__ is not an object", Crafted.file("{\"__metadata__\":[1]}", 0)); }
    @Test void metadataValueNotAString() { assertEquals("__metadata__ value of k is not a string", fails(Crafted.file("{\"__metadata__\":{\"k\":1}}", 0))); }
    @Test void tensorNotAnObject() { failsWith("tensor a is not an object", Crafted.file("{\"a\":3}", 0)); }

    @Test
    void deepNestingFailsFastWithoutRecursion() {
        String deep = "[".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            failsWith("header is not a JSON object", Crafted.file(deep, 0));
            failsWith("tensor a is not an object", Crafted.file("{\"a\":" + deep + "}", 0));
            failsWith("__metadata__ value of k is not a string", Crafted.file("{\"__metadata__\":{\"k\":" + deep + "}}", 0));
            failsWith("tensor a shape holds a non-integer", Crafted.file("{\"a\":{\"shape\":" + deep + "}}", 0));
        });
    }

    @Test
    void mapperRefusesDeepNestingToo() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        BadInputException e = assertThrows(BadInputException.class, () -> Json.parse(deep, "x.json"));
        assertTrue(e.problem().contains("nesting depth"), e.problem());
    }

    @Test
    void validCornerCasesOpen() {
        for (String h : new String[] {"{}", "{}      ", "{\"__metadata__\":{\"format\":\"pt\"}}", "{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]}}"}) {
            Path f = Crafted.write(tmp, Crafted.file(h, 0));
            try (Safetensors st = Safetensors.open(f)) {
                assertTrue(st.names().size() <= 1);
            }
        }
        Path f = Crafted.write(tmp, Crafted.file("{\"__metadata__\":{\"format\":\"pt\"},\"a\":" + T + "}", 8));
        try (Safetensors st = Safetensors.open(f)) {
            assertEquals(Map.of("format", "pt"), st.metadata());
            assertEquals(2, st.get("a").elementCount());
        }
    }
}
