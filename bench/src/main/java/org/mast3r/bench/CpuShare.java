package org.mast3r.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof org.mast3r.bench.CpuShare}): the benchmark JVM's CPU seconds per wall-clock second
 * in each measured iteration, as the secondary result {@code cpu_share}. On the project's shared 2-vCPU machines a
 * 1-thread kernel's GFLOP/s moves by 10-30 % from one run to the next, much of it time the thread spent
 * waiting for its vCPU; gflops / cpu_share is the rate per CPU-second, which that waiting does not change
 * (sharing caches and memory with the other vCPU still does). About 1.0 for a 1-thread kernel on a quiet
 * machine; JIT and GC threads add to it, so it is read after warm-up.
 */
public final class CpuShare implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart, wallStart;

    @Override
    public String getDescription() {
        return "the benchmark JVM's CPU seconds per wall-clock second, per iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuStart = os.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        return List.of(new ScalarResult("cpu_share", share(os.getProcessCpuTime() - cpuStart, System.nanoTime() - wallStart),
                "cpu-s/s", AggregationPolicy.AVG));
    }

    /** CPU nanoseconds over wall nanoseconds; 0 for an empty interval. */
    static double share(long cpuNanos, long wallNanos) {
        return wallNanos <= 0 ? 0 : (double) cpuNanos / wallNanos;
    }
}
