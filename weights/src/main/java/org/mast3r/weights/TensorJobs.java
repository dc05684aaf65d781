package org.mast3r.weights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/** Runs independent jobs (one per tensor) on a fixed number of threads, largest first for balance. */
final class TensorJobs {
    private TensorJobs() {}

    static <T> void forEach(List<T> items, int threads, ToLongFunction<T> cost, Consumer<T> job) {
        List<T> order = new ArrayList<>(items);
        order.sort(Comparator.comparingLong(cost).reversed());
        int n = Math.max(1, Math.min(threads, order.size()));
        if (n == 1) {
            order.forEach(job);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "mast3r-weights");
            t.setDaemon(true);
            return t;
        })) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                done.add(pool.submit(() -> {
                    try {
                        for (int i; (i = next.getAndIncrement()) < order.size(); ) job.accept(order.get(i));
                    } catch (RuntimeException | Error e) {
                        next.set(order.size()); // stop the other workers early
                        throw e;
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
