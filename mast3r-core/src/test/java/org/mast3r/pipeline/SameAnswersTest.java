package org.mast3r.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.kernels.opencl.ClDevices;
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
        ModelConfig config = ModelConfig.fromJson(Json.read(Fixtures.file("mast3r-tiny", "config.json")), "config.json");
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

    /**
     * Two pairs at once on one model give the bits of one at a time, on each backend: on the CPU the
     * activations come from one shared pool, on OpenCL the threads share the context's queue and kernels.
     * OpenCL runs at 96x64: PoCL on a CI machine takes minutes per pair at 256x192, and a smaller image
     * launches the same kernels as often, each for less time, so the launches of the two pairs interleave
     * more densely.
     */
    @ParameterizedTest
    @CsvSource({"cpu, 192, 256", "opencl, 64, 96"})
    void concurrentPairsOnOneModelMatchSequentialOnes(String device, int h, int w) throws Exception {
        assumeTrue(device.equals("cpu") || !ClDevices.all().isEmpty(), "no OpenCL platform: " + ClDevices.NO_PLATFORM);
        ModelConfig config = ModelConfig.fromJson(Json.read(Fixtures.file("mast3r-tiny", "config.json")), "config.json");
        InputImage a = NoiseImage.of(3, h, w), b = NoiseImage.of(4, h, w), c = NoiseImage.of(5, h, w);
        try (Mast3r m = Mast3r.synthetic(config, new SynthSpec(0, 1.0, Map.of()), device, 2);
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            PairOutput ab = m.infer(a, b), ca = m.infer(c, a);
            for (int round = 0; round < 3; round++) {
                Future<PairOutput> f1 = pool.submit(() -> m.infer(a, b));
                Future<PairOutput> f2 = pool.submit(() -> m.infer(c, a));
                for (var pair : List.of(Map.entry(ab, f1.get()), Map.entry(ca, f2.get()))) {
                    for (String view : new String[] {"view1", "view2"}) {
                        ViewOutput alone = view(pair.getKey(), view), together = view(pair.getValue(), view);
                        assertArrayEquals(alone.pts3d(), together.pts3d(), device + " " + view + " pts3d");
                        assertArrayEquals(alone.conf(), together.conf(), device + " " + view + " conf");
                        assertArrayEquals(alone.desc(), together.desc(), device + " " + view + " desc");
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
        return NoiseImage.of(seed, H, W);
    }
}
