package org.mast3r.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The secondary JMH metric {@code gflops} (style.md §9: hardware units). JMH normalises an OPERATIONS
 * counter by the mode: per time unit in throughput mode, but as time per count in average-time mode (and
 * an EVENTS counter is never normalised). So the kernel benchmarks run in throughput mode per second:
 * the primary score is calls/s and this counter, counted in GFLOP, prints as GFLOP/s ("ops/s" column).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
    public double gflops;

    @Setup(Level.Iteration)
    public void clear() {
        gflops = 0;
    }

    /** Counts one call of {@code flop} floating-point operations. */
    void add(double flop) {
        gflops += flop / 1e9;
    }
}
