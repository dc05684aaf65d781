package org.mast3r.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.mast3r.kernels.Parallel;
import org.mast3r.matching.FastMatching;
import org.mast3r.matching.Matches;
import org.mast3r.weights.Safetensors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code fast_reciprocal_NNs(desc1, desc2, subsample=8, dist='dot')} on the flagship maps: two 512x384
 * maps of 24-dim descriptors ({@code mast3r-vitl-512/outputs.safetensors}, view1/view2.desc, float16
 * widened to float32), 3072 grid seeds, up to 10 round trips. The reference takes 22.5 s at 2 threads.
 * Fixtures folder: {@code -Dmast3r.fixtures=...} (default {@code ../shared/fixtures}).
 *
 * <p>Work per full pass over a map: seeds x 196,608 pixels x 24 dims x 2 flop; the score is wall time
 * per call, cold memo (every call searches from scratch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class FastMatchingBench {
    @Param({"1", "2"})
    public int threads;

    private float[] desc1;
    private float[] desc2;
    private Parallel parallel;

    @Setup(Level.Trial)
    public void load() {
        Path file = Path.of(System.getProperty("mast3r.fixtures", "../shared/fixtures"), "mast3r-vitl-512", "outputs.safetensors");
        try (Safetensors st = Safetensors.open(file)) {
            desc1 = st.require("view1.desc").toFloats();
            desc2 = st.require("view2.desc").toFloats();
        }
        parallel = new Parallel(threads);
    }

    @TearDown(Level.Trial)
    public void close() {
        parallel.close();
    }

    @Benchmark
    public Matches reciprocalSubsample8() {
        return FastMatching.reciprocal(desc1, 384, 512, desc2, 384, 512, 24, 8, parallel);
    }
}
