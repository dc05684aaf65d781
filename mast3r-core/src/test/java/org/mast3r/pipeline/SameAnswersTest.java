package org.mast3r.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mast3r.common.Json;
import org.mast3r.model.InputImage;
import org.mast3r.model.PairOutput;
import org.mast3r.model.ViewOutput;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;

/**
 * The engine's answers do not depend on the run or on the thread count: a pair run twice on one model is
 * bit-identical (the second run's activations come from the pool: the first run's buffers, filled with NaN
 * by the tests' switch, so an op that left part of its output unwritten would show here), and 1 and 4
 * threads agree with 2 within the fixtures' float32 tolerance. The mast3r-tiny config at 256x192 gives the DPT's banded tail two bands.
 */
class SameAnswersTest {
    private static final int H = 192, W = 256;

    @Test
    void runToRunBitIdenticalAndThreadCountsWithinTolerance() {
        ModelConfig config = ModelConfig.fromJson(Json.read(fixtures().resolve("mast3r-tiny/config.json")), "config.json");
        InputImage a = image(1), b = image(2);
        PairOutput first, second, one, four;
        try (Mast3r m = Mast3r.synthetic(config, new SynthSpec(0, 1.0, Map.of()), 2)) {
            first = m.infer(a, b);
            second = m.infer(a, b);
        }
        try (Mast3r m = Mast3r.synthetic(config, new SynthSpec(0, 1.0, Map.of()), 1)) {
            one = m.infer(a, b);
        }
        try (Mast3r m = Mast3r.synthetic(config, new SynthSpec(0, 1.0, Map.of()), 4)) {
            four = m.infer(a, b);
        }
        for (String view : new String[] {"view1", "view2"}) {
            ViewOutput f = view(first, view), s = view(second, view);
            assertArrayEquals(f.pts3d(), s.pts3d(), view + " pts3d run to run");
            assertArrayEquals(f.conf(), s.conf(), view + " conf run to run");
            assertArrayEquals(f.desc(), s.desc(), view + " desc run to run");
            for (PairOutput other : new PairOutput[] {one, four}) {
                ViewOutput o = view(other, view);
                close(view + " pts3d", f.pts3d(), o.pts3d());
                close(view + " conf", f.conf(), o.conf());
                close(view + " desc", f.desc(), o.desc());
            }
        }
    }

    /** Two pairs at once on one model (activations from one shared pool) give the bits of one at a time. */
    @Test
    void concurrentPairsOnOneModelMatchSequentialOnes() throws Exception {
        ModelConfig config = ModelConfig.fromJson(Json.read(fixtures().resolve("mast3r-tiny/config.json")), "config.json");
        InputImage a = image(3), b = image(4), c = image(5);
        try (Mast3r m = Mast3r.synthetic(config, new SynthSpec(0, 1.0, Map.of()), 2);
             var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            PairOutput ab = m.infer(a, b), ca = m.infer(c, a);
            for (int round = 0; round < 3; round++) {
                var f1 = pool.submit(() -> m.infer(a, b));
                var f2 = pool.submit(() -> m.infer(c, a));
                for (var pair : java.util.List.of(java.util.Map.entry(ab, f1.get()), java.util.Map.entry(ca, f2.get()))) {
                    for (String view : new String[] {"view1", "view2"}) {
                        assertArrayEquals(view(pair.getKey(), view).pts3d(), view(pair.getValue(), view).pts3d(), view + " pts3d");
                        assertArrayEquals(view(pair.getKey(), view).desc(), view(pair.getValue(), view).desc(), view + " desc");
                    }
                }
            }
        }
    }

    private static ViewOutput view(PairOutput p, String name) {
        return name.equals("view1") ? p.view1() : p.view2();
    }

    /** max |a - b| <= 1e-5 max |a|, the fixtures' float32 rule. */
    private static void close(String what, float[] a, float[] b) {
        double maxRef = 0, maxErr = 0;
        for (int i = 0; i < a.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(a[i]));
            maxErr = Math.max(maxErr, Math.abs(a[i] - b[i]));
        }
        assertTrue(maxErr <= 1e-5 * maxRef, what + ": max error " + maxErr + " of max " + maxRef);
    }

    /** A normalised RGB image in [-1, 1]. */
    private static InputImage image(long seed) {
        Random r = new Random(seed);
        float[] chw = new float[3 * H * W];
        for (int i = 0; i < chw.length; i++) chw[i] = 2 * r.nextFloat() - 1;
        return new InputImage(H, W, chw);
    }

    private static Path fixtures() {
        String root = System.getProperty("mast3r.fixtures");
        assertTrue(root != null && Files.isRegularFile(Path.of(root, "mast3r-tiny", "config.json")),
                "fixtures folder missing: set -Dmast3r.fixtures (expected ../shared/fixtures with mast3r-tiny/), got " + root);
        return Path.of(root);
    }
}
