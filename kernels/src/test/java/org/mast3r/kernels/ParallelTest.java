package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelTest {
    /** Every index of [0, n) is visited exactly once, for ranges smaller and larger than the team. */
    @Test
    void everyIndexOnce() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            try (Parallel p = new Parallel(threads)) {
                for (int n : new int[] {1, 2, 3, 7, 64, 1001}) {
                    for (int parts : new int[] {1, 2, 3, 9, 5000}) {
                        AtomicIntegerArray seen = new AtomicIntegerArray(n);
                        p.forParts(n, parts, (s, e) -> {
                            for (int i = s; i < e; i++) seen.incrementAndGet(i);
                        });
                        for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "threads=" + threads + " n=" + n + " parts=" + parts + " i=" + i);
                    }
                    AtomicIntegerArray seen = new AtomicIntegerArray(n);
                    p.forRange(n, 3, (s, e) -> {
                        for (int i = s; i < e; i++) seen.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) assertEquals(1, seen.get(i));
                }
            }
        }
    }

    /** forParts cuts into exactly min(parts, n) near-equal chunks. */
    @Test
    void partsAreNearEqual() {
        try (Parallel p = new Parallel(2)) {
            List<int[]> chunks = java.util.Collections.synchronizedList(new ArrayList<>());
            p.forParts(10, 3, (s, e) -> chunks.add(new int[] {s, e}));
            chunks.sort(java.util.Comparator.comparingInt(c -> c[0]));
            assertEquals(3, chunks.size());
            assertArrayEquals(new int[] {0, 3}, chunks.get(0));
            assertArrayEquals(new int[] {3, 6}, chunks.get(1));
            assertArrayEquals(new int[] {6, 10}, chunks.get(2));
        }
    }

    /** A chunk's exception reaches the caller after the loop, and the team still runs the next loop. */
    @Test
    void exceptionReachesCallerAndTeamSurvives() {
        try (Parallel p = new Parallel(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> p.forParts(8, 8, (s, e) -> {
                if (s == 5) throw boom;
            }));
            assertSame(boom, thrown);
            AtomicIntegerArray seen = new AtomicIntegerArray(8);
            p.forParts(8, 8, (s, e) -> seen.incrementAndGet(s));
            for (int i = 0; i < 8; i++) assertEquals(1, seen.get(i));
        }
    }

    /** Loops started from several threads at once, and a loop inside a loop's body, all complete. */
    @Test
    void concurrentAndNestedCallers() throws Exception {
        int n = 500;
        try (Parallel p = new Parallel(2); ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                results.add(callers.submit(() -> {
                    long[] sums = new long[n];
                    for (int round = 0; round < 200; round++) {
                        p.forRange(n, 16, (s, e) -> p.forRange(e - s, 4, (s2, e2) -> {
                            for (int i = s + s2; i < s + e2; i++) sums[i] += i;
                        }));
                    }
                    return sums;
                }));
            }
            for (Future<long[]> f : results) {
                long[] sums = f.get();
                for (int i = 0; i < n; i++) assertEquals(200L * i, sums[i]);
            }
        }
    }

    /** After close, loops still run, on the caller alone. */
    @Test
    void closedTeamRunsOnCaller() {
        Parallel p = new Parallel(3);
        p.close();
        Thread caller = Thread.currentThread();
        p.forParts(6, 6, (s, e) -> assertSame(caller, Thread.currentThread()));
    }
}
