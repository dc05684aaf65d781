package org.mast3r.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.kernels.Parallel;
import org.mast3r.matching.FastMatching;
import org.mast3r.weights.Safetensors;
import org.mast3r.weights.StoredTensor;

/**
 * {@code mast3r bench --matching OUTPUTS.safetensors} (issue 6 item 5): times
 * {@code fast_reciprocal_NNs(desc1, desc2, subsample=8, dist='dot')} on the {@code view1.desc} /
 * {@code view2.desc} maps [H, W, D] of a model's outputs file (float16 in the fixtures, widened to
 * float32), after one untimed warm-up call that also gets the matcher JIT-compiled.
 */
final class BenchMatching {
    static final int SUBSAMPLE = 8;

    private BenchMatching() {}

    /** A descriptor map as the matcher takes it. */
    private record Map3(float[] data, int h, int w, int dim) {}

    static void run(Path file, int threads, int repeat, Path json, PrintWriter out) throws IOException {
        Map3 d1, d2;
        try (Safetensors st = Safetensors.open(file)) {
            d1 = read(st, "view1.desc");
            d2 = read(st, "view2.desc");
        }
        if (d1.dim != d2.dim) {
            throw new BadInputException(file.toString(), "view1.desc and view2.desc differ in descriptor size (" + d1.dim + " vs " + d2.dim + ")");
        }
        out.printf(Locale.ROOT, "matching %dx%d and %dx%d maps of %d-dim descriptors, subsample %d, %d thread(s)%n",
                d1.w, d1.h, d2.w, d2.h, d1.dim, SUBSAMPLE, threads);
        out.println("warm-up ...");
        out.flush();
        List<Double> seconds = new ArrayList<>();
        int pairs;
        try (Parallel parallel = new Parallel(threads)) {
            pairs = match(d1, d2, parallel);
            for (int r = 0; r < repeat; r++) {
                long t = System.nanoTime();
                pairs = match(d1, d2, parallel);
                seconds.add((System.nanoTime() - t) / 1e9);
                out.printf(Locale.ROOT, "run %d: %.1f ms%n", r + 1, seconds.getLast() * 1e3);
                out.flush();
            }
        }
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        double min = sorted.getFirst(), median = sorted.get((sorted.size() - 1) / 2);
        out.printf(Locale.ROOT, "matching min %.1f ms, median %.1f ms; %d reciprocal pairs; %d thread(s)%n",
                min * 1e3, median * 1e3, pairs, threads);
        out.flush();
        if (json != null) writeJson(json, min, median, threads, pairs);
    }

    private static int match(Map3 a, Map3 b, Parallel parallel) {
        return FastMatching.reciprocal(a.data, a.h, a.w, b.data, b.h, b.w, a.dim, SUBSAMPLE, parallel).count();
    }

    /** One [H, W, D] floating-point map, or a one-line error naming the file and the tensor. */
    private static Map3 read(Safetensors st, String name) {
        StoredTensor t = st.require(name);
        long[] s = t.shape();
        String where = st.file() + ": " + name;
        if (s.length != 3 || s[0] < 1 || s[1] < 1 || s[2] < 1) {
            throw new BadInputException(where, "expected shape [H, W, D], got " + t.shapeString());
        }
        if (!t.dtype().isFloat()) throw new BadInputException(where, "expected a floating-point tensor, got " + t.dtype());
        return new Map3(t.toFloats(), (int) s[0], (int) s[1], (int) s[2]);
    }

    private static void writeJson(Path file, double min, double median, int threads, int pairs) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode m = root.putObject("matching_s");
        m.put("min", min);
        m.put("median", median);
        root.put("threads", threads);
        root.put("pairs", pairs);
        AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
