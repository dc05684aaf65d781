package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mast3r.common.Json;

/**
 * A .glb read back and checked the way the test needs without the Khronos validator: the header and chunk
 * lengths, the JSON's buffer views and accessors against the BIN chunk, POSITION min/max against the data,
 * and each primitive's attributes. Any inconsistency fails the test that reads it.
 */
record GlbFile(JsonNode json, ByteBuffer bin) {
    private static final Map<Integer, Integer> COMPONENT_BYTES = Map.of(5120, 1, 5121, 1, 5122, 2, 5123, 2, 5125, 4, 5126, 4);
    private static final Map<String, Integer> TYPE_COMPONENTS = Map.of("SCALAR", 1, "VEC2", 2, "VEC3", 3, "VEC4", 4);

    static GlbFile read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(b.limit() >= 20, "shorter than a header and a chunk header");
        assertEquals(0x46546C67, b.getInt(0), "magic");
        assertEquals(2, b.getInt(4), "version");
        assertEquals(b.limit(), b.getInt(8), "header length against the file size");
        int jsonLength = b.getInt(12);
        assertEquals(0x4E4F534A, b.getInt(16), "first chunk must be JSON");
        assertEquals(0, jsonLength % 4, "JSON chunk length is not a multiple of 4");
        assertTrue(20 + jsonLength <= b.limit(), "JSON chunk runs past the file");
        byte[] text = new byte[jsonLength];
        b.get(20, text);
        JsonNode json = Json.MAPPER.readTree(new String(text, java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
        ByteBuffer bin = ByteBuffer.allocate(0);
        int at = 20 + jsonLength;
        if (at < b.limit()) {
            int binLength = b.getInt(at);
            assertEquals(0x004E4942, b.getInt(at + 4), "second chunk must be BIN");
            assertEquals(0, binLength % 4, "BIN chunk length is not a multiple of 4");
            assertEquals(b.limit(), at + 8 + binLength, "BIN chunk must end the file");
            bin = b.slice(at + 8, binLength).order(ByteOrder.LITTLE_ENDIAN);
        }
        GlbFile g = new GlbFile(json, bin);
        g.check();
        return g;
    }

    private void check() {
        assertEquals("2.0", json.at("/asset/version").asText());
        long bufferLength = json.path("buffers").path(0).path("byteLength").asLong(0);
        assertTrue(bufferLength <= bin.limit() && bin.limit() - bufferLength < 4, "buffer 0 against the BIN chunk");
        for (JsonNode v : json.path("bufferViews")) {
            assertEquals(0, v.path("buffer").asInt(-1));
            long offset = v.path("byteOffset").asLong(0);
            assertTrue(offset % 4 == 0 && offset + v.get("byteLength").asLong() <= bufferLength, "buffer view out of its buffer: " + v);
        }
        for (JsonNode a : json.path("accessors")) {
            JsonNode view = json.path("bufferViews").path(a.get("bufferView").asInt());
            assertTrue(view.isObject(), "accessor names a missing buffer view: " + a);
            long need = a.path("byteOffset").asLong(0) + a.get("count").asLong() * elementBytes(a);
            assertTrue(a.get("count").asInt() > 0 && need <= view.get("byteLength").asLong(), "accessor out of its view: " + a);
        }
        for (JsonNode n : json.path("scenes").path(0).path("nodes")) assertTrue(json.path("nodes").path(n.asInt()).isObject());
        for (JsonNode node : json.path("nodes")) {
            JsonNode prim = json.path("meshes").path(node.get("mesh").asInt()).path("primitives").path(0);
            JsonNode pos = accessor(prim.at("/attributes/POSITION").asInt()), col = accessor(prim.at("/attributes/COLOR_0").asInt());
            assertEquals(5126, pos.get("componentType").asInt());
            assertEquals("VEC3", pos.get("type").asText());
            assertEquals(pos.get("count").asInt(), col.get("count").asInt(), "POSITION and COLOR_0 counts");
            boolean bytes = col.get("componentType").asInt() == 5121 && col.path("normalized").asBoolean() && col.get("type").asText().equals("VEC4");
            boolean floats = col.get("componentType").asInt() == 5126 && col.get("type").asText().equals("VEC3");
            assertTrue(bytes || floats, "COLOR_0 must be normalized ubyte VEC4 or float VEC3: " + col);
            if (prim.get("mode").asInt() == 1) assertEquals(0, pos.get("count").asInt() % 2, "LINES need vertex pairs");
            checkMinMax(node.get("name").asText(), pos);
        }
    }

    private void checkMinMax(String name, JsonNode pos) {
        float[] xyz = positions(name);
        for (int k = 0; k < 3; k++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int v = 0; v < xyz.length / 3; v++) {
                assertTrue(Float.isFinite(xyz[3 * v + k]), name + ": non-finite position");
                lo = Math.min(lo, xyz[3 * v + k]);
                hi = Math.max(hi, xyz[3 * v + k]);
            }
            assertEquals(lo, (float) pos.get("min").get(k).asDouble(), name + " min");
            assertEquals(hi, (float) pos.get("max").get(k).asDouble(), name + " max");
        }
    }

    private static int elementBytes(JsonNode a) {
        return COMPONENT_BYTES.get(a.get("componentType").asInt()) * TYPE_COMPONENTS.get(a.get("type").asText());
    }

    private JsonNode accessor(int i) {
        return json.path("accessors").path(i);
    }

    JsonNode primitive(String nodeName) {
        for (JsonNode node : json.path("nodes")) {
            if (node.get("name").asText().equals(nodeName)) return json.path("meshes").path(node.get("mesh").asInt()).path("primitives").path(0);
        }
        throw new AssertionError("no node " + nodeName);
    }

    /** POSITION of a node's primitive, [N, 3]. */
    float[] positions(String nodeName) {
        JsonNode a = accessor(primitive(nodeName).at("/attributes/POSITION").asInt());
        int base = start(a);
        float[] xyz = new float[3 * a.get("count").asInt()];
        for (int i = 0; i < xyz.length; i++) xyz[i] = bin.getFloat(base + 4 * i);
        return xyz;
    }

    /** COLOR_0 of a node's primitive as RGBA bytes [N, 4] (ubyte VEC4 only). */
    byte[] colours(String nodeName) {
        JsonNode a = accessor(primitive(nodeName).at("/attributes/COLOR_0").asInt());
        byte[] rgba = new byte[4 * a.get("count").asInt()];
        bin.get(start(a), rgba);
        return rgba;
    }

    private int start(JsonNode a) {
        JsonNode view = json.path("bufferViews").path(a.get("bufferView").asInt());
        return view.path("byteOffset").asInt(0) + a.path("byteOffset").asInt(0);
    }
}
