package org.mast3r.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mast3r.engine.KernelProfile;
import org.mast3r.engine.Tensor;
import org.mast3r.model.Taps;

/** Taps that time each stage of a forward pass and count its FLOP from the kernel profile. */
final class StageTimer implements Taps {
    /** One stage of one run. */
    record Stage(double ms, double gflop) {}

    private final KernelProfile profile;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private long lastNanos;
    private double lastFlop;

    StageTimer(KernelProfile profile) {
        this.profile = profile;
        this.lastNanos = System.nanoTime();
        this.lastFlop = totalFlop();
    }

    @Override
    public void tensor(String name, Tensor t) {}

    @Override
    public void ints(String name, int[] values, int... shape) {}

    @Override
    public void stage(String name) {
        long now = System.nanoTime();
        double flop = totalFlop();
        stages.put(name, new Stage((now - lastNanos) / 1e6, (flop - lastFlop) / 1e9));
        lastNanos = now;
        lastFlop = flop;
    }

    Map<String, Stage> stages() {
        return stages;
    }

    private double totalFlop() {
        return profile.totals().values().stream().mapToDouble(KernelProfile.Entry::flop).sum();
    }
}
