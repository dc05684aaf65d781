package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mast3r.common.BadInputException;

/**
 * One harness for every {@link Backend} op (style.md §6): each case runs on {@link CpuBackend} and on
 * {@link OpenClBackend} (device 0) with the same random inputs and awkward sizes (odd token grids, widths
 * that are no multiple of 16, cross attention with nq != nk), then checks NaN/Inf first and the max
 * error against the case's tolerance, scaled by max(1, max|cpu|). Every OpenCL buffer carries a guard
 * zone whose sentinel must survive. Needs an OpenCL platform (PoCL in CI) and fails without one.
 */
class OpenClOpsTest {
    private static final int GUARD_FLOATS = 64;
    private static CpuBackend cpu;
    private static OpenClBackend cl;

    @BeforeAll
    static void open() {
        cpu = new CpuBackend(2);
        try {
            cl = Backends.openCl(0, 2, KernelProfile.OFF, GUARD_FLOATS);
        } catch (BadInputException e) {
            fail("OpenCL op tests need a working OpenCL platform (CI: apt-get install -y pocl-opencl-icd ocl-icd-libopencl1 ocl-icd-opencl-dev): "
                    + e.getMessage(), e);
        }
    }

    @AfterAll
    static void close() {
        if (cl != null) cl.close();
        if (cpu != null) cpu.close();
    }

    /** Builds one case's inputs on one backend; the same seed gives the same values on both. */
    static final class Inputs {
        private final Backend b;
        private long next = 1;

        Inputs(Backend b) {
            this.b = b;
        }

        private float[] random(long n, double amp) {
            SplittableRandom rng = new SplittableRandom(next++ * 7919);
            float[] v = new float[Math.toIntExact(n)];
            for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * amp);
            return v;
        }

        Tensor t(int... shape) {
            return tAmp(1, shape);
        }

        Tensor tAmp(double amp, int... shape) {
            long n = 1;
            for (int d : shape) n *= d;
            return b.upload(random(n, amp), shape);
        }

        Param p(long... shape) {
            long n = 1;
            for (long d : shape) n *= d;
            float[] v = random(n, 1);
            MemorySegment seg = Arena.ofAuto().allocate(Math.max(4, n * 4), 64);
            MemorySegment.copy(v, 0, seg, ValueLayout.JAVA_FLOAT, 0, v.length);
            return b.param("p" + next, seg, shape);
        }
    }

    @FunctionalInterface
    interface Op {
        Tensor run(Backend b, Inputs in);
    }

    record Case(String name, double tol, Op op) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("linear 7x33 -> 45 +b", 1e-5, (b, in) -> b.linear(in.t(7, 33), in.p(45, 33), in.p(45))),
                new Case("linear 197x96 -> 130", 1e-5, (b, in) -> b.linear(in.t(197, 96), in.p(130, 96), null)),
                new Case("linear 1x5 -> 3 +b", 1e-5, (b, in) -> b.linear(in.t(1, 5), in.p(3, 5), in.p(3))),
                new Case("linearGelu 13x37 -> 70 +b", 1e-5, (b, in) -> b.linearGelu(in.t(13, 37), in.p(70, 37), in.p(70))),
                new Case("linearAccumulate 13x70 -> 17", 1e-5, (b, in) -> {
                    Tensor into = in.t(13, 17);
                    b.linearAccumulate(in.t(13, 70), in.p(17, 70), in.p(17), into);
                    return into;
                }),
                new Case("layerNorm 5x33", 1e-5, (b, in) -> b.layerNorm(in.tAmp(3, 5, 33), in.p(33), in.p(33), 1e-6f)),
                new Case("layerNorm 197x768", 1e-5, (b, in) -> b.layerNorm(in.t(197, 768), in.p(768), in.p(768), 1e-6f)),
                new Case("layerNorm 4x50 no affine", 1e-5, (b, in) -> b.layerNorm(in.t(4, 50), null, null, 1e-6f)),
                new Case("gelu 17x31", 1e-6, (b, in) -> {
                    Tensor x = in.tAmp(8, 17, 31);
                    b.geluInPlace(x);
                    return x;
                }),
                new Case("rope 3x5 grid, 3 heads of 16 at col 8", 1e-6, (b, in) -> {
                    Tensor x = in.t(15, 8 + 3 * 16 + 5);
                    b.rope2dInPlace(x, 8, 3, 16, Positions.grid(3, 5), 100);
                    return x;
                }),
                new Case("rope batch 2, 5x7 grid, 2 heads of 64", 1e-6, (b, in) -> {
                    Tensor x = in.t(2 * 35, 128);
                    b.rope2dInPlace(x, 0, 2, 64, Positions.grid(5, 7), 100);
                    return x;
                }),
                new Case("self attention fused qkv, batch 2, 37 tokens, 3 heads of 16", 1e-5, (b, in) -> {
                    Tensor qkv = in.tAmp(2, 2 * 37, 3 * 48);
                    return b.attention(qkv, 0, qkv, 48, qkv, 96, 2, 3, 16, 0.25f);
                }),
                new Case("cross attention nq 23, nk 41, 2 heads of 64", 1e-5, (b, in) -> {
                    Tensor q = in.tAmp(2, 23, 128), kv = in.tAmp(2, 41, 256);
                    return b.attention(q, 0, kv, 0, kv, 128, 1, 2, 64, 0.125f);
                }),
                new Case("attention 70 tokens, 1 head of 20", 1e-5, (b, in) -> {
                    Tensor q = in.t(70, 20), k = in.t(70, 20), v = in.t(70, 20);
                    return b.attention(q, 0, k, 0, v, 0, 1, 1, 20, (float) (1 / Math.sqrt(20)));
                }),
                new Case("copy 7x5", 0, (b, in) -> b.copy(in.t(7, 5))),
                new Case("concatColumns 7x5 | 7x9", 0, (b, in) -> b.concatColumns(in.t(7, 5), in.t(7, 9))),
                new Case("concatRows 3x11 / 5x11", 0, (b, in) -> b.concatRows(in.t(3, 11), in.t(5, 11))),
                new Case("rows 3..7 of 10x6", 0, (b, in) -> b.rows(in.t(10, 6), 3, 4)),
                new Case("tokensToImage 5x7 grid, 19 channels", 0, (b, in) -> b.tokensToImage(in.t(35, 19), 5, 7)),
                new Case("imageToTokens 19x5x7", 0, (b, in) -> b.imageToTokens(in.t(19, 5, 7))),
                new Case("pixelShuffle 3x5 grid, 4 channels, p 4", 0, (b, in) -> b.pixelShuffle(in.t(15, 64), 3, 5, 4)),
                new Case("pixelShuffle 2x3 grid, 25 channels, p 2", 0, (b, in) -> b.pixelShuffle(in.t(6, 100), 2, 3, 2)),
                new Case("conv2d 3x3 s1 p1, 5 -> 7, 9x11 +b", 1e-5, (b, in) -> b.conv2d(in.t(5, 9, 11), in.p(7, 5, 3, 3), in.p(7), 1, 1)),
                new Case("conv2d 3x3 s2 p1, 4 -> 6, 10x13", 1e-5, (b, in) -> b.conv2d(in.t(4, 10, 13), in.p(6, 4, 3, 3), null, 2, 1)),
                new Case("conv2d 1x1, 6 -> 10, 5x7 +b", 1e-5, (b, in) -> b.conv2d(in.t(6, 5, 7), in.p(10, 6, 1, 1), in.p(10), 1, 0)),
                new Case("conv2d 16x16 s16 patch embed, 3 -> 20, 32x48 +b", 1e-5,
                        (b, in) -> b.conv2d(in.t(3, 32, 48), in.p(20, 3, 16, 16), in.p(20), 16, 0)),
                new Case("convTranspose2d k4, 6 -> 5, 3x5 +b", 1e-5, (b, in) -> b.convTranspose2d(in.t(6, 3, 5), in.p(6, 5, 4, 4), in.p(5))),
                new Case("convTranspose2d k2, 7 -> 3, 4x3", 1e-5, (b, in) -> b.convTranspose2d(in.t(7, 4, 3), in.p(7, 3, 2, 2), null)),
                new Case("upsample2x 3x5x7", 1e-6, (b, in) -> b.upsample2x(in.t(3, 5, 7))),
                new Case("upsample2x 4x1x3", 1e-6, (b, in) -> b.upsample2x(in.t(4, 1, 3))),
                new Case("conv2d 3x3 relu-in + residual, 5 -> 7, 9x11 +b", 1e-5,
                        (b, in) -> b.conv2d(in.t(5, 9, 11), true, in.p(7, 5, 3, 3), in.p(7), 1, 1, in.t(7, 9, 11))),
                new Case("add 3x7x9", 0, (b, in) -> b.add(in.t(3, 7, 9), in.t(3, 7, 9))),
                new Case("upsample2x rows [3, 7) of 3x5x7", 1e-6, (b, in) -> b.upsample2xRows(in.t(3, 5, 7), 3, 4)),
                new Case("crop 3x7x9 -> 6x8", 0, (b, in) -> b.crop(in.t(3, 7, 9), 0, 6, 8)),
                new Case("crop 3x7x9 -> 5x8 from row 2", 0, (b, in) -> b.crop(in.t(3, 7, 9), 2, 5, 8)),
                new Case("stackRows 3x2x9 over 3x4x9", 0, (b, in) -> b.stackRows(java.util.List.of(in.t(3, 2, 9), in.t(3, 4, 9)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesCpu(Case c) {
        Tensor want = c.op().run(cpu, new Inputs(cpu));
        Tensor got = c.op().run(cl, new Inputs(cl));
        assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), "shape");
        assertTrue(cl.guardIntact(got), c.name() + ": a kernel wrote past the end of its output");
        compare(c, cpu.download(want), cl.download(got));
    }

    private static void compare(Case c, float[] want, float[] got) {
        assertEquals(want.length, got.length, "length");
        double maxAbs = 0, maxRef = 0;
        int worst = -1;
        for (int i = 0; i < want.length; i++) {
            if (!Float.isFinite(got[i]) && Float.isFinite(want[i])) fail(c.name() + ": non-finite " + got[i] + " at " + i + ", cpu " + want[i]);
            double d = Math.abs((double) got[i] - want[i]);
            if (d > maxAbs) {
                maxAbs = d;
                worst = i;
            }
            maxRef = Math.max(maxRef, Math.abs(want[i]));
        }
        double limit = c.tol() * Math.max(1, maxRef);
        String msg = String.format(Locale.ROOT, "%s: max abs %.3g (rel %.3g of max|cpu| %.3g) at %d, limit %.3g",
                c.name(), maxAbs, maxRef == 0 ? 0 : maxAbs / maxRef, maxRef, worst, limit);
        assertTrue(maxAbs <= limit, msg);
    }
}
