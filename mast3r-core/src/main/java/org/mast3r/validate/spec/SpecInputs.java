package org.mast3r.validate.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.mast3r.common.BadInputException;
import org.mast3r.weights.Safetensors;
import org.mast3r.weights.StoredTensor;

/**
 * Loads the arrays a spec names: {@code {file, key, dtype_as, rows?, reshape?}} means read {@code key}
 * from {@code file} (relative to the manifest), slice {@code rows} ({@code {"y": [start, stop, step],
 * "x": [...]}}, Python slice semantics on the first two axes), convert to {@code dtype_as}, then
 * {@code reshape} (row-major, one -1 inferred). Files are opened once per validator run.
 */
public final class SpecInputs implements AutoCloseable {
    private final Path dir;
    private final Map<Path, Safetensors> open = new HashMap<>();

    public SpecInputs(Path dir) {
        this.dir = dir;
    }

    public StoredTensor tensor(String file, String key) {
        Path p = dir.resolve(file).normalize();
        return open.computeIfAbsent(p, Safetensors::open).require(key);
    }

    /** Loads one input entry of a spec. */
    public SpecArray load(JsonNode entry) {
        StoredTensor t = tensor(text(entry, "file"), text(entry, "key"));
        String dtype = entry.path("dtype_as").asText("");
        long[] shape = t.shape().clone();
        SpecArray arr = switch (dtype) {
            case "float32" -> SpecArray.ofFloats(shape, t.toFloats());
            case "float64" -> SpecArray.ofDoubles(shape, t.toDoubles());
            case "int32", "int64" -> SpecArray.ofLongs(shape, t.toLongs());
            default -> throw new BadInputException(t.name(), "unknown dtype_as '" + dtype + "'");
        };
        if (entry.hasNonNull("rows")) arr = sliceRows(arr, entry.get("rows"));
        if (entry.hasNonNull("reshape")) arr = reshape(arr, entry.get("reshape"));
        return arr;
    }

    /** A stored reference output as a SpecArray (integers as longs, floats widened). */
    public SpecArray reference(JsonNode out) {
        StoredTensor t = tensor(text(out, "file"), text(out, "key"));
        return switch (t.dtype()) {
            case F32, F16, BF16 -> SpecArray.ofFloats(t.shape().clone(), t.toFloats());
            case F64 -> SpecArray.ofDoubles(t.shape().clone(), t.toDoubles());
            default -> SpecArray.ofLongs(t.shape().clone(), t.toLongs());
        };
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new BadInputException("manifest", "spec entry lacks a string '" + field + "'");
        return v.asText();
    }

    /** Python {@code slice(start, stop, step).indices(n)} as the list of picked indices. */
    static int[] pySlice(JsonNode s, int n) {
        Integer start = s.size() > 0 && !s.get(0).isNull() ? s.get(0).asInt() : null;
        Integer stop = s.size() > 1 && !s.get(1).isNull() ? s.get(1).asInt() : null;
        int step = s.size() > 2 && !s.get(2).isNull() ? s.get(2).asInt() : 1;
        if (step == 0) throw new BadInputException("manifest", "slice step cannot be zero");
        int lo, hi;
        if (step > 0) {
            lo = start == null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
            hi = stop == null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
        } else {
            lo = start == null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
            hi = stop == null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
        }
        int count = step > 0 ? Math.max(0, (hi - lo + step - 1) / step) : Math.max(0, (lo - hi - step - 1) / -step);
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = lo + i * step;
        return idx;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static SpecArray sliceRows(SpecArray a, JsonNode rows) {
        if (a.shape().length < 2) throw new BadInputException("manifest", "rows slicing needs at least 2 axes");
        int h = a.dim(0), w = a.dim(1);
        int[] ys = rows.has("y") ? pySlice(rows.get("y"), h) : pySlice(Json0.EMPTY, h);
        int[] xs = rows.has("x") ? pySlice(rows.get("x"), w) : pySlice(Json0.EMPTY, w);
        int inner = 1;
        for (int i = 2; i < a.shape().length; i++) inner *= a.dim(i);
        long[] shape = a.shape().clone();
        shape[0] = ys.length;
        shape[1] = xs.length;
        int n = ys.length * xs.length * inner;
        float[] f = a.f() != null ? new float[n] : null;
        double[] d = a.d() != null ? new double[n] : null;
        long[] l = a.l() != null ? new long[n] : null;
        int o = 0;
        for (int y : ys) {
            for (int x : xs) {
                int src = (y * w + x) * inner;
                if (f != null) System.arraycopy(a.f(), src, f, o, inner);
                if (d != null) System.arraycopy(a.d(), src, d, o, inner);
                if (l != null) System.arraycopy(a.l(), src, l, o, inner);
                o += inner;
            }
        }
        return new SpecArray(shape, f, d, l);
    }

    private static SpecArray reshape(SpecArray a, JsonNode dims) {
        long[] shape = new long[dims.size()];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).asLong();
            if (shape[i] == -1) {
                if (infer >= 0) throw new BadInputException("manifest", "reshape has more than one -1");
                infer = i;
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) shape[infer] = known == 0 ? 0 : a.size() / known;
        long total = 1;
        for (long s : shape) total *= s;
        if (total != a.size()) throw new BadInputException("manifest", "cannot reshape " + a.size() + " values to " + java.util.Arrays.toString(shape));
        return new SpecArray(shape, a.f(), a.d(), a.l());
    }

    @Override
    public void close() {
        for (Safetensors s : open.values()) s.close();
        open.clear();
    }

    /** An empty JSON array: the full slice. */
    private static final class Json0 {
        static final JsonNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
}
