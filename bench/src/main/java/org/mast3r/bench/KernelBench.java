package org.mast3r.bench;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import org.mast3r.kernels.Parallel;
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
 * What every kernel benchmark shares: throughput mode (calls/s, with GFLOP/s as the {@link Flops}
 * secondary metric), the JVM flags the launcher uses, a worker pool of {@code threads} and an arena for
 * native weight segments (as the mapped checkpoint gives them), both alive for the whole trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public abstract class KernelBench {
    @Param({"1", "2"})
    public int threads;

    protected final Arena arena = Arena.ofShared();
    protected Parallel parallel;

    @Setup(Level.Trial)
    public void openPool() {
        parallel = new Parallel(threads);
    }

    @TearDown(Level.Trial)
    public void closePool() {
        parallel.close();
        arena.close();
    }
}
