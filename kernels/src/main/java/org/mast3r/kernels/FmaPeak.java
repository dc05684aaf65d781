package org.mast3r.kernels;

import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's float32 FMA peak for the species the kernels use ({@link Simd#F}), in about 0.3 s, so
 * {@code bench} can state "share of peak" in its own JVM (style.md §9) without the C tool.
 *
 * <p>Each thread runs {@link #CHAINS} independent accumulators {@code acc = acc * a + b}. An FMA has a
 * latency of about 4 cycles and current x86 cores issue two per cycle, so at least 8 chains in flight
 * are needed to keep both pipes busy; 12 leaves slack for a 5-6 cycle latency and still fits the 16 ymm
 * registers of AVX2 next to {@code a} and {@code b}. With a = 1 - 2^-20 and b = 2^-20 every chain
 * converges to 1, so values stay normal (no denormal slow path, no overflow). The N-thread figure is all
 * FLOP over the wall time from a common start to the last thread's end, as fma_peak.c does it.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> F = Simd.F;
    static final int CHAINS = 12;
    /** Loop iterations per call of {@link #run}: long enough that the call overhead vanishes. */
    private static final long CALL_ITERS = 1 << 14;
    private static final double FLOP_PER_ITER = CHAINS * 2.0 * Simd.LANES;
    /** One timed trial; 3 per thread count after the warm-up keep the whole measurement near 0.3 s. */
    private static final long TRIAL_NANOS = 30_000_000L;

    /** The peak of {@code lanes}-wide FMAs on one thread and on {@code threads} threads, GFLOP/s. */
    public record Result(int lanes, int threads, double oneThreadGflops, double gflops) {}

    /** Keeps the chains' results observable, so the JIT cannot drop the loop. */
    private static volatile float sink;

    private FmaPeak() {}

    /** Measures both figures; the best of a few short trials, since a peak is an upper bound. */
    public static Result measure(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        warmUp();
        double one = 0, many = 0;
        for (int trial = 0; trial < 3; trial++) {
            one = Math.max(one, trialGflops(1, TRIAL_NANOS));
            many = threads == 1 ? one : Math.max(many, trialGflops(threads, TRIAL_NANOS));
        }
        return new Result(Simd.LANES, threads, one, many);
    }

    /**
     * Gets {@link #run} compiled by C2: the interpreter and C1 box every vector and run below 1 GFLOP/s,
     * while C2 code does at least one FMA of LANES floats per cycle, over LANES GFLOP/s on any core of the
     * last decade. Short calls pass the tier-4 thresholds within milliseconds; the compile itself queues
     * behind whatever else the JIT is doing, so this polls the rate until it crosses that line (2 s at
     * most: then the trials simply report what they see).
     */
    private static void warmUp() {
        float s = 0;
        for (int i = 0; i < 6000; i++) s += run(16);
        long giveUp = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < giveUp) {
            long t = System.nanoTime();
            s += run(4096);
            double gflops = 4096 * FLOP_PER_ITER / Math.max(1, System.nanoTime() - t);
            if (gflops > Simd.LANES) break;
        }
        sink = s;
    }

    /** One trial: every thread calls {@link #run} from a common start until {@code nanos} have passed. */
    private static double trialGflops(int threads, long nanos) {
        CountDownLatch start = new CountDownLatch(1);
        long[] calls = new long[threads];
        Thread[] workers = new Thread[threads];
        long[] t0 = new long[1];
        for (int i = 0; i < threads; i++) {
            int id = i;
            workers[i] = Thread.ofPlatform().daemon().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long end = t0[0] + nanos;
                float s = 0;
                long n = 0;
                do {
                    s += run(CALL_ITERS);
                    n++;
                } while (System.nanoTime() < end);
                calls[id] = n;
                sink = s;
            });
        }
        t0[0] = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the FMA peak", e);
            }
        }
        double seconds = (System.nanoTime() - t0[0]) / 1e9;
        long total = 0;
        for (long n : calls) total += n;
        return total * CALL_ITERS * FLOP_PER_ITER / seconds / 1e9;
    }

    /** {@code iters} rounds of CHAINS independent FMAs; returns a sum so the work is live. */
    static float run(long iters) {
        FloatVector a = FloatVector.broadcast(F, 1f - 0x1p-20f), b = FloatVector.broadcast(F, 0x1p-20f);
        FloatVector c0 = FloatVector.broadcast(F, 0.50f), c1 = FloatVector.broadcast(F, 0.55f);
        FloatVector c2 = FloatVector.broadcast(F, 0.60f), c3 = FloatVector.broadcast(F, 0.65f);
        FloatVector c4 = FloatVector.broadcast(F, 0.70f), c5 = FloatVector.broadcast(F, 0.75f);
        FloatVector c6 = FloatVector.broadcast(F, 0.80f), c7 = FloatVector.broadcast(F, 0.85f);
        FloatVector c8 = FloatVector.broadcast(F, 0.90f), c9 = FloatVector.broadcast(F, 0.95f);
        FloatVector c10 = FloatVector.broadcast(F, 1.05f), c11 = FloatVector.broadcast(F, 1.10f);
        for (long i = 0; i < iters; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
