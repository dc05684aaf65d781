package org.mast3r.bench;

import org.mast3r.kernels.Gelu;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Gelu#inPlace} on the flagship's encoder MLP hidden activations, 1536 tokens (two 512x384 views)
 * x 4096, inputs uniform in [-4, 4] (both tails of erf). GELU shrinks its input towards 0, so each call
 * gets a fresh copy (set up outside the timing) instead of running on its own output into subnormals.
 * Secondary metric {@code gelements}: 10^9 elements per second (ns per element = 1 / that).
 */
public class GeluBench extends KernelBench {
    /** rows x cols. */
    @Param({"1536x4096"})
    public String shape;

    private float[] input, x;

    @Setup(Level.Trial)
    public void setUp() {
        String[] d = shape.split("x");
        input = Inputs.floats(Integer.parseInt(d[0]) * Integer.parseInt(d[1]), 1);
        for (int i = 0; i < input.length; i++) input[i] *= 4;
        x = new float[input.length];
    }

    @Setup(Level.Invocation)
    public void refill() {
        System.arraycopy(input, 0, x, 0, x.length);
    }

    @Benchmark
    public float[] inPlace(Elements elements) {
        Gelu.inPlace(parallel, x, 0, x.length);
        elements.gelements += x.length / 1e9;
        return x;
    }

    /** Elements done, in 10^9, as a JMH counter per second (see {@link Flops} for how JMH normalises it). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Elements {
        public double gelements;

        @Setup(Level.Iteration)
        public void clear() {
            gelements = 0;
        }
    }
}
