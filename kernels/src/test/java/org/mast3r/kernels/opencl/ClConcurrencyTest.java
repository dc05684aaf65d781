package org.mast3r.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many threads launching the same kernels on one shared {@link ClContext} with different arguments get
 * the bits each chain gives when it runs alone. Every thread runs its own chain (gemm with bias, LayerNorm,
 * GELU, an add, RoPE, a block copy) at sizes no other thread uses, so a kernel enqueued with another thread's
 * arguments shows as different bits, a tripped guard zone or a crash. The chains start together on a fresh
 * context, so the first launches also race to create the cached kernels.
 */
class ClConcurrencyTest {
    private static final int THREADS = 8, ROUNDS = 40, GUARD_FLOATS = 16;

    /** One thread's chain of launches; {@code id} picks sizes and inputs that no other chain shares. */
    private record Chain(int id) {
        /** [rows, n] after every step: y = rope(gelu(layerNorm(a b^T + bias)) + c) copied into a wider block. */
        float[] run(ClContext ctx) {
            int rows = 9 + 3 * id, n = 32 + 8 * id, k = 17 + 5 * id, heads = 2, headDim = n / heads;
            SplittableRandom rng = new SplittableRandom(1000 + id);
            ClBuffer a = ctx.upload(random(rng, rows * k)), b = ctx.upload(random(rng, n * k));
            ClBuffer bias = ctx.upload(random(rng, n)), c = ctx.upload(random(rng, rows * n));
            ClBuffer gamma = ctx.upload(random(rng, n)), beta = ctx.upload(random(rng, n));
            ClBuffer prod = ctx.alloc((long) rows * n), norm = ctx.alloc((long) rows * n);
            ClBuffer sum = ctx.alloc((long) rows * n), wide = ctx.alloc((long) rows * (n + 3));
            ClGemm.gemm(ctx, rows, n, k, a, 0, k, 1, b, 0, k, 1, prod, 0, n, bias, ClGemm.Bias.PER_COLUMN, false);
            ClNorm.layerNorm(ctx, prod, rows, n, gamma, beta, 1e-6f, norm);
            ClPointwise.geluInPlace(ctx, norm, (long) rows * n);
            ClPointwise.add(ctx, norm, c, sum, (long) rows * n);
            int[] posY = new int[rows], posX = new int[rows];
            for (int t = 0; t < rows; t++) {
                posY[t] = t / 3;
                posX[t] = t % 3 + id;
            }
            ClRope.apply(ctx, sum, 0, n, rows, heads, headDim, posY, posX, 100.0);
            ClPointwise.copyBlock(ctx, sum, 0, n, 0, wide, 3, n + 3, 0, n, rows, 1);
            float[] out = new float[rows * n];
            ctx.read(sum, out);
            for (ClBuffer buf : List.of(prod, norm, sum, wide)) assertTrue(ctx.guardIntact(buf), "chain " + id + ": guard zone overwritten");
            return out;
        }
    }

    @Test
    void manyThreadsOnSharedKernelsGiveTheSingleThreadedBits() throws Exception {
        List<ClDevice> devices = ClDevices.all();
        assumeFalse(devices.isEmpty(), "no OpenCL platform: " + ClDevices.NO_PLATFORM);
        List<float[]> alone = new ArrayList<>();
        try (ClContext ctx = ClContext.open(devices.get(0), GUARD_FLOATS)) {
            for (int id = 0; id < THREADS; id++) alone.add(new Chain(id).run(ctx));
        }
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try (ClContext shared = ClContext.open(devices.get(0), GUARD_FLOATS);
             ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int id = 0; id < THREADS; id++) {
                Chain chain = new Chain(id);
                float[] expected = alone.get(id);
                wrong.add(pool.submit(() -> {
                    start.await();
                    int bad = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        if (!Arrays.equals(expected, chain.run(shared))) bad++;
                    }
                    return bad;
                }));
            }
            for (int id = 0; id < THREADS; id++) {
                assertEquals(0, wrong.get(id).get(), "chain " + id + ": rounds whose bits differ from the chain run alone");
            }
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return v;
    }
}
