package org.mast3r.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that kernels split their outer loops over. The size is the user's {@code --threads}:
 * the calling thread plus {@code threads - 1} helpers. One team per model run, shared by every kernel; with one
 * thread everything runs on the caller, so single-threaded timings carry no scheduling cost.
 *
 * <p>Why not a ForkJoinPool: a forward pass is a few thousand loops of 0.1-10 ms each, and a pool's workers
 * park between them. Waking them cost 10-40 us per loop on the project's 2-vCPU VMs, and the caller only waited,
 * so a loop of 8 chunks of 50 us took 270-300 us on 2 threads instead of 200. Here the caller runs chunks too,
 * chunks are claimed from one counter (whoever is free takes the next), and a helper spins for {@link #SPIN_NS}
 * after a loop before it parks, so the next loop of a forward finds it awake.
 *
 * <p>One loop runs at a time. A second caller (two pairs at once on one model, or a loop started inside a loop's
 * body) does not wait for the team: it runs its whole loop on its own thread. Kernels give the same bits however
 * their range is cut, so this changes only the speed.
 */
public final class Parallel implements AutoCloseable {
    /** Body of a parallel loop over the half-open range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /** How long an idle helper (or the caller waiting for the last chunks) spins before it parks. */
    private static final long SPIN_NS = 200_000;

    private final int threads;
    private final Thread[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The loop being run (null between loops); helpers wait for it to change. */
    private volatile Loop current;
    private volatile boolean closed;

    /** One forRange call: its chunks are claimed from {@code next}; whoever finishes the last one wakes the caller. */
    private static final class Loop {
        final RangeBody body;
        final int n, chunks;
        final Thread caller = Thread.currentThread();
        final AtomicInteger next = new AtomicInteger(), unfinished;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Loop(RangeBody body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.unfinished = new AtomicInteger(chunks);
        }

        /** Claims and runs chunks until none is left; a stale helper arriving late finds none. */
        void runChunks() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                if (unfinished.decrementAndGet() == 0 && Thread.currentThread() != caller) LockSupport.unpark(caller);
            }
        }

        void await() {
            long spinUntil = System.nanoTime() + SPIN_NS;
            while (unfinished.get() > 0) idle(spinUntil, this);
        }
    }

    /** One step of waiting: spin until {@code spinUntil} (System.nanoTime), then park. Callers re-check their condition. */
    private static void idle(long spinUntil, Object blocker) {
        if (System.nanoTime() < spinUntil) Thread.onSpinWait();
        else LockSupport.park(blocker);
    }

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.helpers = new Thread[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = Thread.ofPlatform().daemon().name("mast3r-worker-" + (i + 1)).unstarted(this::helperLoop);
            helpers[i].start();
        }
    }

    /** A single-threaded instance (tests, tiny work). */
    public static Parallel serial() {
        return new Parallel(1);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over [0, n) cut into about {@code threads * 4} chunks of at least {@code grain}
     * items, and returns when all are done. A chunk's exception is rethrown here once every chunk has ended.
     */
    public void forRange(int n, int grain, RangeBody body) {
        forParts(n, Math.min(threads * 4, Math.max(1, n / Math.max(1, grain))), body);
    }

    /**
     * Runs {@code body} over [0, n) cut into {@code parts} near-equal chunks (at most n), for loops whose
     * chunks each pay a set-up, such as a private copy of a shared operand.
     */
    public void forParts(int n, int parts, RangeBody body) {
        if (n <= 0) return;
        int chunks = Math.min(parts, n);
        if (helpers.length == 0 || chunks <= 1 || closed || !busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Loop loop = new Loop(body, n, chunks);
            current = loop;
            for (Thread h : helpers) LockSupport.unpark(h);
            loop.runChunks();
            loop.await();
            Throwable t = loop.failure.get();
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t); // a checked exception thrown sneakily
        } finally {
            current = null; // the idle team holds no reference to the loop's arrays
            busy.set(false);
        }
    }

    private void helperLoop() {
        Loop seen = null;
        while (!closed) {
            long spinUntil = System.nanoTime() + SPIN_NS;
            Loop loop;
            while ((loop = current) == seen && !closed) idle(spinUntil, this);
            if (loop == seen) return;
            seen = loop;
            if (loop != null) loop.runChunks();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread h : helpers) LockSupport.unpark(h);
    }
}
