package org.mast3r.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-kernel totals for {@code mast3r bench --profile}: calls, nanoseconds and FLOP per kernel name.
 * {@link #OFF} costs one branch per op, so the normal path pays nothing measurable.
 */
public final class KernelProfile {
    public static final KernelProfile OFF = new KernelProfile(false);

    /** Totals of one kernel. */
    public record Entry(long calls, long nanos, double flop) {}

    private final boolean enabled;
    private final Map<String, Entry> totals = new LinkedHashMap<>();

    private KernelProfile(boolean enabled) {
        this.enabled = enabled;
    }

    public static KernelProfile recording() {
        return new KernelProfile(true);
    }

    long start() {
        return enabled ? System.nanoTime() : 0;
    }

    void stop(String kernel, long startNanos, double flop) {
        if (!enabled) return;                  // the normal path: no clock, no lock
        long dt = System.nanoTime() - startNanos;
        synchronized (this) {
            totals.merge(kernel, new Entry(1, dt, flop), (a, b) -> new Entry(a.calls + b.calls, a.nanos + b.nanos, a.flop + b.flop));
        }
    }

    public synchronized Map<String, Entry> totals() {
        return new LinkedHashMap<>(totals);
    }

    public synchronized void reset() {
        totals.clear();
    }
}
