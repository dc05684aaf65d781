package org.mast3r.scene.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.model.EncodedView;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.PairPrediction;

/** The pair store: round trips in both orientations, files of another run or cut short count as missing, resume rules. */
class ReconstructPairStoreTest {
    private static final int[] H = {32, 48, 16}, W = {48, 32, 16};
    private static final int S = 8;
    @TempDir Path tmp;

    @Test
    void pairsAndEncodingsComeBackInEitherOrientation() {
        PairStore store = PairStore.open(tmp.resolve("pairs"), fingerprint("one"), H, W, S, false);
        SymmetricPair.Run run = run(1, 0, new Random(1));
        assertFalse(store.contains(0, 1));
        store.put(run);
        assertTrue(store.contains(0, 1));
        assertTrue(store.contains(1, 0));
        assertFalse(store.contains(0, 2));
        same(run.ab(), store.prediction(1, 0));
        same(run.ba(), store.prediction(0, 1));
        PairCorrespondences m = store.matches(1, 0), r = store.matches(0, 1);
        assertEquals(1, m.a());
        assertArrayEquals(run.matches().xyA(), m.xyA());
        assertArrayEquals(run.matches().xyB(), m.xyB());
        assertArrayEquals(run.matches().conf(), m.conf());
        assertArrayEquals(run.matches().score(), m.score());
        assertEquals(0, r.a());
        assertArrayEquals(run.matches().xyB(), r.xyA());
        assertArrayEquals(run.matches().xyA(), r.xyB());

        EncodedView e = new EncodedView(H[2], W[2], 5, floats(new Random(2), 5));
        assertFalse(store.containsEncoding(2));
        store.putEncoding(2, e);
        assertTrue(store.containsEncoding(2));
        assertArrayEquals(e.tokens(), store.encoding(2).tokens());
        assertNull(store.encoding(1));
        assertEquals(0, hiddenFiles(), "temp files left behind");
    }

    @Test
    void filesOfAnotherRunOrCutShortAreMissing() throws IOException {
        Path dir = tmp.resolve("pairs"), otherDir = tmp.resolve("other");
        PairStore other = PairStore.open(otherDir, fingerprint("other"), H, W, S, false);
        other.put(run(0, 2, new Random(3)));
        other.putEncoding(0, new EncodedView(H[0], W[0], 6, floats(new Random(4), 6 * 6)));
        // Another run's files copied in by hand: never reused.
        PairStore store = PairStore.open(dir, fingerprint("one"), H, W, S, false);
        for (String f : new String[] {"pair-0-2.bin", "enc-0.bin"}) Files.copy(otherDir.resolve(f), dir.resolve(f));
        assertFalse(store.contains(0, 2));
        assertFalse(store.containsEncoding(0));
        assertNull(store.encoding(0));

        store.put(run(0, 2, new Random(3)));
        assertTrue(store.contains(0, 2));
        Path f = dir.resolve("pair-0-2.bin");
        byte[] whole = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(whole, whole.length - 4));
        assertFalse(store.contains(0, 2), "a file cut short is no pair");
        assertThrows(java.io.UncheckedIOException.class, () -> store.prediction(0, 2));
    }

    @Test
    void resumeKeepsItsOwnRunAndRefusesAnother() {
        Path dir = tmp.resolve("pairs");
        PairStore first = PairStore.open(dir, fingerprint("one"), H, W, S, false);
        first.put(run(1, 2, new Random(5)));
        assertTrue(PairStore.open(dir, fingerprint("one"), H, W, S, true).contains(1, 2), "resume reuses the run's pairs");
        BadInputException e = assertThrows(BadInputException.class, () -> PairStore.open(dir, fingerprint("two"), H, W, S, true));
        assertEquals(dir.toString(), e.subject());
        assertTrue(e.problem().contains("different run") && e.problem().contains("images"), e.problem());
        PairStore fresh = PairStore.open(dir, fingerprint("two"), H, W, S, false);
        assertFalse(fresh.contains(1, 2));
        assertFalse(Files.exists(dir.resolve("pair-1-2.bin")), "starting over removes the old run's pairs");
    }

    private long hiddenFiles() {
        try (Stream<Path> s = Files.list(tmp.resolve("pairs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RunFingerprint fingerprint(String images) {
        var d = Json.MAPPER.createObjectNode().put("format", PairStore.FORMAT).put("images", images);
        return new RunFingerprint(d, "hash-" + images);
    }

    private static SymmetricPair.Run run(int a, int b, Random r) {
        int m = 7;
        int[] xyA = new int[2 * m], xyB = new int[2 * m];
        for (int k = 0; k < 2 * m; k++) {
            xyA[k] = r.nextInt(16);
            xyB[k] = r.nextInt(16);
        }
        return new SymmetricPair.Run(prediction(a, b, r), prediction(b, a, r),
                new PairCorrespondences(a, b, xyA, xyB, floats(r, m), new double[] {r.nextDouble(), r.nextDouble(), m}));
    }

    private static PairPrediction prediction(int a, int b, Random r) {
        int n1 = H[a] * W[a], n2 = ((H[b] + S - 1) / S) * ((W[b] + S - 1) / S);
        return new PairPrediction(a, b, floats(r, 3 * n1), floats(r, n1), floats(r, 3 * n2), floats(r, n2));
    }

    private static float[] floats(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    private static void same(PairPrediction expected, PairPrediction actual) {
        assertEquals(expected.a(), actual.a());
        assertEquals(expected.b(), actual.b());
        assertArrayEquals(expected.x11(), actual.x11());
        assertArrayEquals(expected.c11(), actual.c11());
        assertArrayEquals(expected.x21Sub(), actual.x21Sub());
        assertArrayEquals(expected.c21Sub(), actual.c21Sub());
    }
}
