package org.mast3r.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.Json;

/**
 * A scene as glTF 2.0 binary ({@code .glb}): each {@link Part} becomes one node holding one mesh of one
 * primitive, POINTS or LINES, with POSITION (float VEC3 with min/max) and COLOR_0 (normalized unsigned
 * byte VEC4, alpha 255: a VEC3 of bytes would break the 4-byte alignment vertex attributes need).
 *
 * <p>Axes: parts come in the OpenCV camera frame of camera 1 (x right, y down, z forward). glTF has +Y
 * up and +Z toward the viewer (its cameras look down -Z), so every position is written as
 * diag(1, -1, -1) p, a half turn about x: camera 1 then looks down -Z as a glTF camera would. It is applied
 * to the data rather than as a node rotation, so the accessors' min/max and readers that ignore node
 * transforms see the same coordinates.
 *
 * <p>Container: a 12-byte header (magic "glTF", version 2, total length), a JSON chunk padded with spaces
 * to 4 bytes, a BIN chunk padded with zeros.
 */
// ref: Khronos glTF 2.0 specification, "GLB File Format Specification", "Meshes" and "Cameras" (axis convention)
public final class GlbWriter {
    private static final int MAGIC = 0x46546C67, CHUNK_JSON = 0x4E4F534A, CHUNK_BIN = 0x004E4942;
    private static final int FLOAT = 5126, UNSIGNED_BYTE = 5121, ARRAY_BUFFER = 34962;
    private static final int BYTES_PER_VERTEX = 3 * 4 + 4;

    /** glTF primitive modes. */
    public enum Mode {
        POINTS(0), LINES(1);

        final int gl;

        Mode(int gl) {
            this.gl = gl;
        }
    }

    /**
     * One primitive: {@code xyz} [N, 3] in OpenCV axes, {@code rgb} [N, 3]; LINES take vertices in pairs.
     * A part with no vertex is left out of the file (glTF forbids empty accessors).
     */
    public record Part(String name, Mode mode, float[] xyz, byte[] rgb) {
        public int count() {
            return xyz.length / 3;
        }

        /**
         * The pixels {@code keep} of a pointmap {@code pts} [H*W, 3] coloured by {@code rgb} [H*W, 3],
         * less any with a non-finite coordinate (the validator refuses NaN and infinity in an accessor).
         */
        public static Part points(String name, float[] pts, byte[] rgb, int[] keep) {
            int n = 0;
            for (int p : keep) if (finite(pts, p)) n++;
            float[] xyz = new float[3 * n];
            byte[] col = new byte[3 * n];
            int i = 0;
            for (int p : keep) {
                if (!finite(pts, p)) continue;
                System.arraycopy(pts, 3 * p, xyz, 3 * i, 3);
                System.arraycopy(rgb, 3 * p, col, 3 * i, 3);
                i++;
            }
            return new Part(name, Mode.POINTS, xyz, col);
        }

        /** Line segments [2K, 3] in one colour; empty when any coordinate is not finite (a degenerate camera). */
        public static Part lines(String name, float[] segments, byte[] colour) {
            for (int v = 0; v < segments.length / 3; v++) {
                if (!finite(segments, v)) return new Part(name, Mode.LINES, new float[0], new byte[0]);
            }
            byte[] col = new byte[segments.length];
            for (int v = 0; v < segments.length / 3; v++) System.arraycopy(colour, 0, col, 3 * v, 3);
            return new Part(name, Mode.LINES, segments, col);
        }

        private static boolean finite(float[] xyz, int v) {
            return Float.isFinite(xyz[3 * v]) && Float.isFinite(xyz[3 * v + 1]) && Float.isFinite(xyz[3 * v + 2]);
        }
    }

    private GlbWriter() {}

    /** Writes the parts as one scene, atomically. */
    public static void write(Path file, List<Part> parts) {
        AtomicFiles.writeStream(file, out -> write(out, parts));
    }

    /** As {@link #write(Path, List)} to {@code out}, which is flushed and left open. */
    public static void write(OutputStream out, List<Part> parts) throws IOException {
        out.write(encode(parts));
        out.flush();
    }

    /** The whole .glb in memory (a few MB at 512 x 384: two pointmaps at 16 bytes per point). */
    static byte[] encode(List<Part> parts) {
        List<Part> kept = parts.stream().filter(p -> p.count() > 0).toList();
        int binLength = 0;
        for (Part p : kept) binLength += BYTES_PER_VERTEX * p.count();
        ByteBuffer bin = ByteBuffer.allocate(binLength).order(ByteOrder.LITTLE_ENDIAN);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("asset").put("version", "2.0").put("generator", "mast3r-java");
        ArrayNode nodes = Json.MAPPER.createArrayNode(), meshes = Json.MAPPER.createArrayNode();
        ArrayNode accessors = Json.MAPPER.createArrayNode(), views = Json.MAPPER.createArrayNode();
        for (Part p : kept) {
            int position = accessors.size();
            positions(p, bin, views, accessors);
            colours(p, bin, views, accessors);
            ObjectNode prim = Json.MAPPER.createObjectNode();
            prim.putObject("attributes").put("POSITION", position).put("COLOR_0", position + 1);
            prim.put("mode", p.mode().gl);
            ObjectNode mesh = meshes.addObject().put("name", p.name());
            mesh.putArray("primitives").add(prim);
            nodes.addObject().put("name", p.name()).put("mesh", meshes.size() - 1);
        }
        ObjectNode scene = root.putArray("scenes").addObject();
        root.put("scene", 0);
        // glTF's schema gives every top-level array minItems 1: an empty scene has none of them.
        if (!kept.isEmpty()) {
            ArrayNode ids = scene.putArray("nodes");
            for (int i = 0; i < nodes.size(); i++) ids.add(i);
            root.set("nodes", nodes);
            root.set("meshes", meshes);
            root.set("accessors", accessors);
            root.set("bufferViews", views);
            root.putArray("buffers").addObject().put("byteLength", binLength);
        }
        return container(json(root), bin.array());
    }

    /** POSITION: float VEC3 after the axis flip, with the exact float min/max the validator recomputes. */
    private static void positions(Part p, ByteBuffer bin, ArrayNode views, ArrayNode accessors) {
        int n = p.count();
        int view = view(views, bin.position(), 12 * n);
        float[] min = new float[3], max = new float[3];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int v = 0; v < n; v++) {
            for (int k = 0; k < 3; k++) {
                float c = k == 0 ? p.xyz()[3 * v] : -p.xyz()[3 * v + k];
                bin.putFloat(c);
                min[k] = Math.min(min[k], c);
                max[k] = Math.max(max[k], c);
            }
        }
        ObjectNode a = accessor(accessors, view, FLOAT, n, "VEC3");
        ArrayNode lo = a.putArray("min"), hi = a.putArray("max");
        for (int k = 0; k < 3; k++) {
            lo.add((double) min[k]);
            hi.add((double) max[k]);
        }
    }

    private static void colours(Part p, ByteBuffer bin, ArrayNode views, ArrayNode accessors) {
        int n = p.count();
        int view = view(views, bin.position(), 4 * n);
        for (int v = 0; v < n; v++) bin.put(p.rgb(), 3 * v, 3).put((byte) 255);
        accessor(accessors, view, UNSIGNED_BYTE, n, "VEC4").put("normalized", true);
    }

    private static int view(ArrayNode views, int offset, int length) {
        views.addObject().put("buffer", 0).put("byteOffset", offset).put("byteLength", length).put("target", ARRAY_BUFFER);
        return views.size() - 1;
    }

    private static ObjectNode accessor(ArrayNode accessors, int view, int componentType, int count, String type) {
        return accessors.addObject().put("bufferView", view).put("componentType", componentType).put("count", count).put("type", type);
    }

    private static byte[] json(ObjectNode root) {
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("glTF JSON could not be serialised", e);
        }
    }

    /** Header, JSON chunk (space padded), BIN chunk (zero padded; left out when there is no binary data). */
    private static byte[] container(byte[] json, byte[] bin) {
        int jsonPadded = pad4(json.length), binPadded = pad4(bin.length);
        int total = 12 + 8 + jsonPadded + (bin.length > 0 ? 8 + binPadded : 0);
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(2).putInt(total);
        out.putInt(jsonPadded).putInt(CHUNK_JSON).put(json);
        for (int i = json.length; i < jsonPadded; i++) out.put((byte) ' ');
        if (bin.length > 0) out.putInt(binPadded).putInt(CHUNK_BIN).put(bin);   // the padding: a fresh buffer's zeros
        return out.array();
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
