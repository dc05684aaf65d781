package org.mast3r.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one JSON reader of the project. config.json files carry {@code Infinity}/{@code -Infinity}
 * (PyTorchModelHubMixin writes Python floats as-is), so non-numeric numbers are allowed; nesting and
 * string sizes are bounded so a hostile file cannot exhaust the stack or the heap.
 */
public final class Json {
    public static final int MAX_DEPTH = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(100_000_000)
                            .maxNumberLength(1000)
                            .build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** Reads a JSON file; any failure becomes a {@link BadInputException} naming the file. */
    public static JsonNode read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadInputException(file.toString(), "not valid UTF-8");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** Parses JSON text; {@code subject} names where it came from in the error. */
    public static JsonNode parse(String text, String subject) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) throw new BadInputException(subject, "empty JSON");
            return node;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "invalid JSON" : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException(subject, "invalid JSON: " + msg);
        }
    }
}
