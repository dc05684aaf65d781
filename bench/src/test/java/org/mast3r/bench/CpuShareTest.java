package org.mast3r.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

class CpuShareTest {
    @Test
    void shareIsCpuOverWall() {
        assertEquals(0.5, CpuShare.share(500, 1000), 0);
        assertEquals(2.0, CpuShare.share(2000, 1000), 0);
        assertEquals(0, CpuShare.share(10, 0), 0);
    }

    /** A spinning thread shows about one CPU-second per second; a sleeping one close to none. */
    @Test
    void spinningAndSleeping() throws Exception {
        CpuShare profiler = new CpuShare();
        profiler.beforeIteration(null, null);
        long end = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < end) x++;
        double busy = value(profiler.afterIteration(null, null, null));
        assertTrue(x > 0 && busy > 0.6 && busy < 2.5, "spinning: " + busy);

        profiler.beforeIteration(null, null);
        Thread.sleep(300);
        double idle = value(profiler.afterIteration(null, null, null));
        assertTrue(idle < 0.4, "sleeping: " + idle);
    }

    private static double value(java.util.Collection<? extends Result> results) {
        List<? extends Result> list = List.copyOf(results);
        assertEquals(1, list.size());
        assertEquals("cpu_share", list.get(0).getLabel());
        return list.get(0).getScore();
    }
}
