package org.mast3r.scene.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.model.EncodedView;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.PairPrediction;

/**
 * The pairs of a run on disk, so that the heap never holds more than the pair at hand and an interrupted run
 * can resume: one file per unordered pair ({@code pair-A-B.bin}, A &lt; B, holding both passes and the matches,
 * oriented as first computed) and one per image encoding ({@code enc-I.bin}), each written atomically (a
 * hidden temp file, then a rename: a file is complete or absent). {@code run.json} holds the fingerprint of
 * the run that owns the folder; every file repeats it in its header with its image indices and sizes, and a
 * file whose header or length does not fit is treated as missing.
 *
 * <p>Pair file, after the header {@code (a, b, Ha, Wa, Hb, Wb, s, M)}: pass (a, b) as X11 [Ha*Wa*3], C11
 * [Ha*Wa], X21 [ceil(Hb/s)*ceil(Wb/s)*3], C21 [ceil(Hb/s)*ceil(Wb/s)] float32; pass (b, a) likewise with the
 * roles swapped; then the matches xyA [2M], xyB [2M] int32, conf [M] float32, score [3] float64.
 */
public final class PairStore {
    /** The layout version of every file in the folder, and of the fingerprint. */
    static final int FORMAT = 1;
    private static final byte[] PAIR_MAGIC = "M3RPAIR\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENC_MAGIC = "M3RENC\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final String RUN = "run.json";

    private final Path dir;
    private final RunFingerprint fingerprint;
    private final int[] heights, widths;
    private final int subsample;

    private PairStore(Path dir, RunFingerprint fingerprint, int[] heights, int[] widths, int subsample) {
        this.dir = dir;
        this.fingerprint = fingerprint;
        this.heights = heights;
        this.widths = widths;
        this.subsample = subsample;
    }

    /**
     * The store in {@code dir} for a run with this fingerprint and these network image sizes. With
     * {@code resume}, files of the same run are kept and a folder of another run is refused; without it the
     * folder's store files are removed first.
     */
    static PairStore open(Path dir, RunFingerprint fingerprint, int[] heights, int[] widths, int subsample, boolean resume) {
        try {
            Path run = dir.resolve(RUN);
            if (resume && Files.isRegularFile(run)) {
                JsonNode stored = Json.read(run);
                if (!fingerprint.hash().equals(stored.path("hash").asText())) {
                    List<String> what = fingerprint.differences(stored.path("description"));
                    throw new BadInputException(dir.toString(), "holds the pairs of a different run (" + (what.isEmpty() ? "format" : String.join(", ", what))
                            + " differ); run without --resume and with --force to start over");
                }
            } else {
                clear(dir);
            }
            Files.createDirectories(dir);
            var node = Json.MAPPER.createObjectNode().put("hash", fingerprint.hash());
            node.set("description", fingerprint.description());
            AtomicFiles.writeString(run, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
            return new PairStore(dir, fingerprint, heights, widths, subsample);
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), "cannot prepare the pair store: " + e.getMessage());
        }
    }

    /** Removes the store's own files (and their temp files) from {@code dir}, nothing else. */
    private static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                boolean ours = n.equals(RUN) || (n.startsWith("pair-") || n.startsWith("enc-")) && n.endsWith(".bin")
                        || n.startsWith(".") && n.endsWith(".tmp") && (n.startsWith(".pair-") || n.startsWith(".enc-") || n.startsWith("." + RUN));
                if (ours && Files.isRegularFile(f)) Files.delete(f);
            }
        }
    }

    public Path folder() {
        return dir;
    }

    // ---- pairs ----

    /** Whether a complete file of this run holds the unordered pair {a, b}. */
    public boolean contains(int a, int b) {
        try (FileChannel ch = openPair(a, b)) {
            return ch != null && pairHeader(ch, a, b) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stores a pair's run, oriented as run.matches() is. */
    public void put(SymmetricPair.Run run) {
        int a = run.matches().a(), b = run.matches().b();
        PairPrediction ab = run.ab(), ba = run.ba();
        AtomicFiles.replace(pairFile(a, b), tmp -> {
            try (StoreFile.Writer w = new StoreFile.Writer(tmp, PAIR_MAGIC, fingerprint.hash(),
                    a, b, heights[a], widths[a], heights[b], widths[b], subsample, run.matches().count())) {
                w.floats(ab.x11()).floats(ab.c11()).floats(ab.x21Sub()).floats(ab.c21Sub());
                w.floats(ba.x11()).floats(ba.c11()).floats(ba.x21Sub()).floats(ba.c21Sub());
                w.ints(run.matches().xyA()).ints(run.matches().xyB()).floats(run.matches().conf()).doubles(run.matches().score());
            }
        });
    }

    /** The pass with image a as view 1 of the stored pair {a, b}. */
    public PairPrediction prediction(int a, int b) {
        try (FileChannel ch = requirePair(a, b)) {
            Layout l = pairHeader(ch, a, b);
            boolean first = l.a == a;                    // the file's first pass has its own a as view 1
            long at = first ? l.body : l.body + 4L * (l.pass(l.a, l.b));
            int view1 = first ? l.a : l.b, view2 = first ? l.b : l.a;
            int n1 = heights[view1] * widths[view1], n2 = sub(heights[view2]) * sub(widths[view2]);
            float[] x11 = StoreFile.floats(ch, at, 3 * n1);
            float[] c11 = StoreFile.floats(ch, at + 12L * n1, n1);
            float[] x21 = StoreFile.floats(ch, at + 16L * n1, 3 * n2);
            float[] c21 = StoreFile.floats(ch, at + 16L * n1 + 12L * n2, n2);
            return new PairPrediction(a, b, x11, c11, x21, c21);
        } catch (IOException e) {
            throw new UncheckedIOException("pair store " + pairFile(a, b), e);
        }
    }

    /** The matches of the stored pair {a, b}, oriented (a, b). */
    public PairCorrespondences matches(int a, int b) {
        try (FileChannel ch = requirePair(a, b)) {
            Layout l = pairHeader(ch, a, b);
            long at = l.body + 4L * (l.pass(l.a, l.b) + l.pass(l.b, l.a));
            int[] xyA = StoreFile.ints(ch, at, 2 * l.m), xyB = StoreFile.ints(ch, at + 8L * l.m, 2 * l.m);
            float[] conf = StoreFile.floats(ch, at + 16L * l.m, l.m);
            double[] score = StoreFile.doubles(ch, at + 20L * l.m, 3);
            PairCorrespondences stored = new PairCorrespondences(l.a, l.b, xyA, xyB, conf, score);
            return l.a == a ? stored : stored.reversed();
        } catch (IOException e) {
            throw new UncheckedIOException("pair store " + pairFile(a, b), e);
        }
    }

    /** A pair file's orientation and match count; {@code body} is where its arrays start. */
    private record Layout(int a, int b, int m, long body, int[] heights, int[] widths, int subsample) {
        /** Floats of the pass with {@code v1} as view 1. */
        long pass(int v1, int v2) {
            int s = subsample;
            long n1 = (long) heights[v1] * widths[v1], n2 = (long) ((heights[v2] + s - 1) / s) * ((widths[v2] + s - 1) / s);
            return 4 * n1 + 4 * n2;
        }

        long length() {
            return body + 4L * (pass(a, b) + pass(b, a)) + 20L * m + 24;
        }
    }

    /** The layout of an open pair file of {a, b} in either orientation, or null when it does not belong to this run. */
    private Layout pairHeader(FileChannel ch, int a, int b) throws IOException {
        StoreFile.Header h = StoreFile.header(ch, PAIR_MAGIC);
        if (h == null || !h.fingerprint().equals(fingerprint.hash()) || h.values().length != 8) return null;
        int[] v = h.values();
        boolean same = v[0] == a && v[1] == b || v[0] == b && v[1] == a;
        if (!same || v[2] != heights[v[0]] || v[3] != widths[v[0]] || v[4] != heights[v[1]] || v[5] != widths[v[1]]
                || v[6] != subsample || v[7] < 0) {
            return null;
        }
        Layout l = new Layout(v[0], v[1], v[7], h.body(), heights, widths, subsample);
        return l.length() == h.length() ? l : null;
    }

    private FileChannel openPair(int a, int b) throws IOException {
        Path f = pairFile(a, b);
        return Files.isRegularFile(f) ? FileChannel.open(f, StandardOpenOption.READ) : null;
    }

    private FileChannel requirePair(int a, int b) throws IOException {
        FileChannel ch = openPair(a, b);
        if (ch == null) throw new IOException("no stored pair (" + a + ", " + b + ")");
        if (pairHeader(ch, a, b) == null) {
            ch.close();
            throw new IOException("the stored pair (" + a + ", " + b + ") is not of this run");
        }
        return ch;
    }

    private Path pairFile(int a, int b) {
        return dir.resolve("pair-" + Math.min(a, b) + "-" + Math.max(a, b) + ".bin");
    }

    private int sub(int n) {
        return (n + subsample - 1) / subsample;
    }

    // ---- encodings ----

    /** Whether image i's encoding of this run is stored (its header and length are checked, not its values). */
    public boolean containsEncoding(int i) {
        Path f = encodingFile(i);
        if (!Files.isRegularFile(f)) return false;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return encodingHeader(ch, i) != null;
        } catch (IOException e) {
            return false;
        }
    }

    public void putEncoding(int i, EncodedView e) {
        AtomicFiles.replace(encodingFile(i), tmp -> {
            try (StoreFile.Writer w = new StoreFile.Writer(tmp, ENC_MAGIC, fingerprint.hash(), i, e.height(), e.width(), e.dim(), e.tokenCount())) {
                w.floats(e.tokens());
            }
        });
    }

    /** Image i's stored encoding, or null when there is none of this run. */
    public EncodedView encoding(int i) {
        Path f = encodingFile(i);
        if (!Files.isRegularFile(f)) return null;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            StoreFile.Header h = encodingHeader(ch, i);
            if (h == null) return null;
            int[] v = h.values();
            return new EncodedView(v[1], v[2], v[3], StoreFile.floats(ch, h.body(), v[3] * v[4]));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The header (i, H, W, E, N) of an encoding file of this run for image i, or null. */
    private StoreFile.Header encodingHeader(FileChannel ch, int i) throws IOException {
        StoreFile.Header h = StoreFile.header(ch, ENC_MAGIC);
        if (h == null || !h.fingerprint().equals(fingerprint.hash()) || h.values().length != 5) return null;
        int[] v = h.values();
        long floats = (long) v[3] * v[4];
        boolean fits = v[0] == i && v[1] == heights[i] && v[2] == widths[i] && v[3] > 0 && v[4] > 0
                && floats <= Integer.MAX_VALUE && h.length() == h.body() + 4 * floats;
        return fits ? h : null;
    }

    private Path encodingFile(int i) {
        return dir.resolve("enc-" + i + ".bin");
    }
}
