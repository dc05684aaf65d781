package org.mast3r.engine;

import java.util.SplittableRandom;

/** Seeded random inputs for the engine tests. */
public final class Inputs {
    private Inputs() {}

    /** n values uniform in [-scale, scale). */
    public static float[] uniform(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return a;
    }

    /** Scattered positions in [0, max): RoPE angles far from a plain grid, y and x independent. */
    public static Positions scattered(long seed, int tokens, int max) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[tokens], x = new int[tokens];
        for (int t = 0; t < tokens; t++) {
            y[t] = r.nextInt(max);
            x[t] = r.nextInt(max);
        }
        return new Positions(max, max, y, x);
    }
}
