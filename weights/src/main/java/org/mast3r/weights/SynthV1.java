package org.mast3r.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The synth-v1 generator: every value of a tensor follows from its UTF-8 name, its shape and the seed,
 * so fixtures made by the PyTorch reference can be regenerated bit for bit. The arithmetic and its
 * order are those of ../shared/docs/synthetic-weights.md; rounding to float32 happens once, at the end.
 */
public final class SynthV1 {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double TWO_POW_M23 = 0x1.0p-23;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private SynthV1() {}

    /** FNV-1a 64 over the UTF-8 bytes of the name. */
    public static long fnv1a64(String name) {
        long h = FNV_OFFSET;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * FNV_PRIME;
        return h;
    }

    /** The per-tensor seed: the name's hash mixed with the global seed g (mod 2^64). */
    public static long tensorSeed(String name, long g) {
        return fnv1a64(name) ^ (g * GOLDEN);
    }

    /** SplitMix64's finaliser at counter i + 1. */
    public static long z(long seed, long i) {
        long z = seed + (i + 1) * GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 24 bits of z as a double in [-1, 1), exact. */
    public static double u(long seed, long i) {
        return (z(seed, i) >>> 40) * TWO_POW_M23 - 1.0;
    }

    /**
     * Writes the tensor's float32 values (native order) into {@code outF32}, which must hold at least
     * prod(shape) floats. Rank 1: LayerNorm gamma ("...weight", 1 + 0.1u) or bias (0.02u). Rank >= 2:
     * u * GAIN * sqrt(3 / fan_in), fan_in = prod(shape[1:]). Rank 0 is not in the spec; it takes the
     * bias rule here.
     */
    public static void fill(String name, long[] shape, SynthSpec spec, MemorySegment outF32) {
        long n = count(shape);
        if (outF32.byteSize() < n * 4) {
            throw new IllegalArgumentException(name + ": output holds " + outF32.byteSize() + " bytes, needs " + n * 4);
        }
        if (n == 0) return;
        long seed = tensorSeed(name, spec.seed());
        if (shape.length >= 2) {
            long fanIn = n / shape[0];
            double gain = spec.gainOf(name);
            double scale = Math.sqrt(3.0 / fanIn);
            // Python evaluates u * GAIN * sqrt(...) left to right; keep that order for bit-exactness.
            for (long i = 0; i < n; i++) outF32.setAtIndex(F32, i, (float) (u(seed, i) * gain * scale));
        } else if (shape.length == 1 && name.endsWith("weight")) {
            for (long i = 0; i < n; i++) outF32.setAtIndex(F32, i, (float) (1.0 + 0.1 * u(seed, i)));
        } else {
            for (long i = 0; i < n; i++) outF32.setAtIndex(F32, i, (float) (0.02 * u(seed, i)));
        }
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }
}
