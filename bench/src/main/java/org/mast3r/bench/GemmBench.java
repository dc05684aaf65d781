package org.mast3r.bench;

import java.lang.foreign.MemorySegment;
import org.mast3r.kernels.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Gemm#linear} y[M,N] = x[M,K] · w[N,K]^T at the flagship's Linear shapes, M = 768 tokens
 * (512x384 at patch 16): ViT-L encoder (K = 1024) qkv/proj/fc1 outputs N = 3072, 1024, 4096, and the
 * decoder (K = 768) N = 768, 2304, 3072. Weights sit in a native segment, as the mapped checkpoint
 * gives them. Work: 2·M·N·K FLOP; primary score calls/s, {@code gflops} GFLOP/s (see {@link Flops}).
 */
public class GemmBench extends KernelBench {
    /** M x K x N. */
    @Param({"768x1024x1024", "768x1024x3072", "768x1024x4096", "768x768x768", "768x768x2304", "768x768x3072"})
    public String mkn;

    private int m, k, n;
    private float[] x, y;
    private MemorySegment w;

    @Setup(Level.Trial)
    public void setUp() {
        String[] d = mkn.split("x");
        m = Integer.parseInt(d[0]);
        k = Integer.parseInt(d[1]);
        n = Integer.parseInt(d[2]);
        x = Inputs.floats(m * k, 1);
        y = new float[m * n];
        w = Inputs.weights(arena, (long) n * k, 2);
    }


    @Benchmark
    public float[] linear(Flops flops) {
        Gemm.linear(parallel, x, 0, m, k, w, 0, null, y, 0, n, false);
        flops.add(2.0 * m * n * k);
        return y;
    }
}
