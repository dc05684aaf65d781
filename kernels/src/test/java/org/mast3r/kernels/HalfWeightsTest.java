package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mast3r.kernels.Check.GUARD;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F16 and BF16 weight segments against the same weights widened to float32 beforehand: widening is
 * exact, so every kernel must give bit-identical outputs (assertArrayEquals compares float bits).
 */
class HalfWeightsTest {
    private static final Arena ARENA = Arena.ofAuto();

    /** A 16-bit weight segment and its exact float32 widening, both at Check.W_OFF elements in. */
    private record Pair(MemorySegment half, MemorySegment widened) {}

    /**
     * Random weights rounded to {@code type}, with awkward values sprinkled in (subnormals, -0, large),
     * stored at an odd element offset so 16-bit reads are not 4-byte aligned.
     */
    private static Pair weights(WeightType type, Check.Storage st, long seed, int n) {
        float[] v = Check.random(seed, n);
        float[] special = {Float.MIN_VALUE * 3, -0f, 6.0e-8f, -1.5e-40f, 60000f, -3.0e4f};
        for (int i = 0; i < n; i += 7) v[i] = special[(i / 7) % special.length];
        short[] bits = new short[n + (int) Check.W_OFF + 3];
        float[] wide = new float[n];
        for (int i = 0; i < n; i++) {
            short b = type == WeightType.F16 ? Float.floatToFloat16(v[i]) : (short) (Float.floatToRawIntBits(v[i]) >>> 16);
            bits[(int) Check.W_OFF + i] = b;
            // the reference widening, written independently of WeightType
            wide[i] = type == WeightType.F16 ? Float.float16ToFloat(b) : Float.intBitsToFloat((b & 0xffff) << 16);
        }
        MemorySegment half = MemorySegment.ofArray(bits);
        if (st == Check.Storage.NATIVE) {
            half = ARENA.allocate((long) bits.length * 2, 2).copyFrom(half);
        }
        return new Pair(half, Check.segment(st, wide));
    }

    @ParameterizedTest
    @EnumSource(value = WeightType.class, names = {"F16", "BF16"})
    void readAndGetWidenExactly(WeightType type) {
        for (Check.Storage st : Check.Storage.values()) {
            for (int n = 0; n < 70; n += 3) {
                Pair p = weights(type, st, 40 + n, n);
                float[] expected = p.widened().asSlice(Check.W_OFF * 4, n * 4L).toArray(ValueLayout.JAVA_FLOAT);
                float[] got = new float[n + 2];
                type.read(p.half(), Check.W_OFF, got, 1, n);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(got, 1, n + 1), type + " read n=" + n);
                for (int i = 0; i < n; i++) assertEquals(expected[i], type.get(p.half(), Check.W_OFF + i), type + " get " + i);
            }
        }
    }

    static List<Arguments> gemmCases() {
        int[][] shapes = {{1, 7, 5}, {7, 300, 45}, {13, 257, 129}, {37, 513, 200}, {2, 40, 300}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : shapes) {
            for (WeightType t : new WeightType[] {WeightType.F16, WeightType.BF16}) {
                cases.add(Arguments.of(s[0], s[1], s[2], t, Check.Storage.HEAP, 1));
                cases.add(Arguments.of(s[0], s[1], s[2], t, Check.Storage.NATIVE, 2));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "m={0} k={1} n={2} {3} {4} threads={5}")
    @MethodSource("gemmCases")
    void linearEqualsWidened(int m, int k, int n, WeightType type, Check.Storage st, int threads) {
        float[] x = Check.random(1, m * k);
        Pair w = weights(type, st, 2, n * k);
        MemorySegment bias = Check.segment0(st, Check.random(3, n));
        float[] prior = Check.random(4, m * n);
        float[] half = Check.guardedCopy(prior), wide = Check.guardedCopy(prior);
        float[] halfTwin = Check.guardedCopy(prior), wideTwin = Check.guardedCopy(prior);
        try (Parallel p = new Parallel(threads)) {
            Gemm.linear(p, x, 0, m, k, w.half(), type, Check.W_OFF, bias, half, GUARD, n, true);
            Gemm.linear(p, x, 0, m, k, w.widened(), Check.W_OFF, bias, wide, GUARD, n, true);
            Gemm.linearScalar(p, x, 0, m, k, w.half(), type, Check.W_OFF, bias, halfTwin, GUARD, n, true);
            Gemm.linearScalar(p, x, 0, m, k, w.widened(), Check.W_OFF, bias, wideTwin, GUARD, n, true);
        }
        assertArrayEquals(wide, half, "linear " + type);
        assertArrayEquals(wideTwin, halfTwin, "linearScalar " + type);
        Check.assertGuards(half, m * n);
    }

    /** One convolution run: half-weight and widened-weight outputs, fast path and twin. */
    private interface ConvRun {
        void run(WeightType type, Check.Storage st, Parallel p, float[] half, float[] wide, float[] halfTwin, float[] wideTwin);
    }

    /** Runs {@code body} for F16 and BF16 on heap and native weights; fast and twin must equal their widened runs. */
    private static void eachTypeAndStorage(String what, int n, ConvRun body) {
        for (WeightType type : new WeightType[] {WeightType.F16, WeightType.BF16}) {
            for (Check.Storage st : Check.Storage.values()) {
                float[] half = Check.guarded(n), wide = Check.guarded(n), halfTwin = Check.guarded(n), wideTwin = Check.guarded(n);
                try (Parallel p = new Parallel(2)) {
                    body.run(type, st, p, half, wide, halfTwin, wideTwin);
                }
                assertArrayEquals(wide, half, what + " " + type + " " + st);
                assertArrayEquals(wideTwin, halfTwin, what + " twin " + type + " " + st);
                Check.assertGuards(half, n);
            }
        }
    }

    @ParameterizedTest(name = "cin={0} {1}x{2} cout={3} k={4}x{5} s={6} p={7}")
    @CsvSource({"8,13,11,7,3,3,1,1", "5,9,17,33,1,1,1,0", "6,15,10,5,3,3,2,1", "3,32,48,20,16,16,16,0"})
    void conv2dEqualsWidened(int cin, int h, int w, int cout, int kh, int kw, int stride, int pad) {
        int n = cout * Conv2d.outSize(h, kh, stride, pad) * Conv2d.outSize(w, kw, stride, pad);
        float[] in = Check.random(20, cin * h * w);
        eachTypeAndStorage("conv2d", n, (type, st, p, half, wide, halfTwin, wideTwin) -> {
            Pair wt = weights(type, st, 21, cout * cin * kh * kw);
            MemorySegment bias = Check.segment0(st, Check.random(22, cout));
            Conv2d.forward(p, in, 0, cin, h, w, wt.half(), type, Check.W_OFF, bias, cout, kh, kw, stride, pad, half, GUARD);
            Conv2d.forward(p, in, 0, cin, h, w, wt.widened(), Check.W_OFF, bias, cout, kh, kw, stride, pad, wide, GUARD);
            Conv2d.forwardScalar(p, in, 0, cin, h, w, wt.half(), type, Check.W_OFF, bias, cout, kh, kw, stride, pad, halfTwin, GUARD);
            Conv2d.forwardScalar(p, in, 0, cin, h, w, wt.widened(), Check.W_OFF, bias, cout, kh, kw, stride, pad, wideTwin, GUARD);
        });
    }

    @ParameterizedTest(name = "cin={0} {1}x{2} cout={3} k={4}")
    @CsvSource({"7,5,3,4,4", "10,3,7,9,2", "33,6,5,17,4"})
    void convTranspose2dEqualsWidened(int cin, int h, int w, int cout, int k) {
        int n = cout * h * k * w * k;
        float[] in = Check.random(23, cin * h * w);
        eachTypeAndStorage("convT", n, (type, st, p, half, wide, halfTwin, wideTwin) -> {
            Pair wt = weights(type, st, 24, cin * cout * k * k);
            MemorySegment bias = Check.segment0(st, Check.random(25, cout));
            ConvTranspose2d.forward(p, in, 0, cin, h, w, wt.half(), type, Check.W_OFF, bias, cout, k, half, GUARD);
            ConvTranspose2d.forward(p, in, 0, cin, h, w, wt.widened(), Check.W_OFF, bias, cout, k, wide, GUARD);
            ConvTranspose2d.forwardScalar(p, in, 0, cin, h, w, wt.half(), type, Check.W_OFF, bias, cout, k, halfTwin, GUARD);
            ConvTranspose2d.forwardScalar(p, in, 0, cin, h, w, wt.widened(), Check.W_OFF, bias, cout, k, wideTwin, GUARD);
        });
    }
}
