package org.mast3r.bench;

import org.mast3r.kernels.Attention;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Attention#forward} at the flagship's shapes, head size 64: the ViT-L encoder's self attention
 * (16 heads, 768 tokens), the decoder's (12 heads) self and cross attention, and cross attention against
 * a longer key set (1024 keys, as a 512x512 second view would give). q, k, v are separate [n, heads·64]
 * rows; the model reads them as column slices of a fused qkv buffer, which changes only the strides.
 * Work: 4·heads·nq·nk·64 FLOP (Q·K^T and P·V, as the profiler counts it); secondary metric {@code gflops}.
 */
public class AttentionBench extends KernelBench {
    private static final int HEAD_DIM = 64;

    /** heads x queries x keys. */
    @Param({"16x768x768", "12x768x768", "12x768x1024"})
    public String hqk;

    private int heads, nq, nk, width;
    private float[] q, k, v, out;

    @Setup(Level.Trial)
    public void setUp() {
        String[] d = hqk.split("x");
        heads = Integer.parseInt(d[0]);
        nq = Integer.parseInt(d[1]);
        nk = Integer.parseInt(d[2]);
        width = heads * HEAD_DIM;
        q = Inputs.floats(nq * width, 1);
        k = Inputs.floats(nk * width, 2);
        v = Inputs.floats(nk * width, 3);
        out = new float[nq * width];
    }


    @Benchmark
    public float[] forward(Flops flops) {
        Attention.forward(parallel, q, 0, width, k, 0, width, v, 0, width, out, 0, width, nq, nk, heads, HEAD_DIM,
                (float) (1 / Math.sqrt(HEAD_DIM)));
        flops.add(4.0 * heads * nq * nk * HEAD_DIM);
        return out;
    }
}
