package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A test checkpoint: named float[] tensors of random values, handed out as heap segments. The test
 * declares the checkpoint's names and shapes; a module that asks for a name the checkpoint lacks, with
 * another shape, or twice fails at once, and {@link #assertAllRead} fails on what it left unread.
 */
public final class MapWeights implements Weights {
    private record Entry(long[] shape, float[] values) {}

    private final Backend backend;
    private final Map<String, Entry> entries;
    private final Map<String, Integer> reads;
    private final SplittableRandom random;
    private final String prefix;

    public MapWeights(Backend backend, long seed) {
        this(backend, new LinkedHashMap<>(), new LinkedHashMap<>(), new SplittableRandom(seed), "");
    }

    private MapWeights(Backend backend, Map<String, Entry> entries, Map<String, Integer> reads,
                       SplittableRandom random, String prefix) {
        this.backend = backend;
        this.entries = entries;
        this.reads = reads;
        this.random = random;
        this.prefix = prefix;
    }

    /** Declares {@code name} (under this scope) with values uniform in [center - spread, center + spread). */
    public MapWeights add(String name, double center, double spread, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (center + (random.nextDouble() * 2 - 1) * spread);
        if (entries.put(prefix + name, new Entry(shape.clone(), v)) != null) fail("declared twice: " + prefix + name);
        return this;
    }

    /** A Linear's weight [out, in] (scaled like PyTorch's init) and bias [out]. */
    public MapWeights linear(String name, int in, int out) {
        add(name + ".weight", 0, 1 / Math.sqrt(in), out, in);
        return add(name + ".bias", 0, 0.1, out);
    }

    /** A LayerNorm's weight and bias [c], away from the identity so a swapped pair shows. */
    public MapWeights layerNorm(String name, int c) {
        add(name + ".weight", 1, 0.3, c);
        return add(name + ".bias", 0, 0.2, c);
    }

    /** The values of {@code name} under this scope. */
    public float[] values(String name) {
        Entry e = entries.get(prefix + name);
        if (e == null) fail("the test checkpoint has no " + prefix + name);
        return e.values();
    }

    @Override
    public Param get(String name, long... shape) {
        String full = prefix + name;
        Entry e = entries.get(full);
        if (e == null) fail("module read " + full + ", which the checkpoint does not have; it has " + entries.keySet());
        if (!Arrays.equals(e.shape(), shape)) {
            fail("module read " + full + " as " + Arrays.toString(shape) + "; the checkpoint has " + Arrays.toString(e.shape()));
        }
        if (reads.merge(full, 1, Integer::sum) > 1) fail("module read " + full + " twice");
        return backend.param(full, MemorySegment.ofArray(e.values()), shape);
    }

    @Override
    public MapWeights at(String scope) {
        return new MapWeights(backend, entries, reads, random, prefix + scope + ".");
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** Every declared tensor was read by the module (each exactly once, checked in {@link #get}). */
    public void assertAllRead() {
        TreeSet<String> unread = new TreeSet<>(entries.keySet());
        unread.removeAll(reads.keySet());
        if (!unread.isEmpty()) fail("module never read " + unread);
    }
}
