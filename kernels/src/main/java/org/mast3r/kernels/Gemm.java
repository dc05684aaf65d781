package org.mast3r.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense matrix products, float32 row-major.
 *
 * <p>{@link #linear}: y[m,n] (= or +=) x[m,k] · w[n,k]^T + bias[n], weights stored [out,in] as PyTorch's
 * Linear. {@link #matmul}: c[m,n] = a[m,k] · b[k,n], both heap row-major (convolutions via im2col).
 *
 * <p>Fast path, BLIS-style. The work is cut into one part per thread (a run of n blocks of {@link #NB} columns);
 * for each k slice of {@link #KC}, a part packs the A rows it needs (the left matrix) into its own MR-row panels
 * laid out [panel][p][r], so the micro-kernel reads MR consecutive scalars per step, then packs each of its
 * blocks of B (the right matrix) into NR-column panels [panel][p][j] straight from the weight segment, so each
 * weight element is packed exactly once. The micro-kernel keeps an MR x NR tile of C in MR*2 vector registers
 * (6 x 2 x 16 lanes with AVX-512, 4 x 2 x 8 with AVX2) and runs MR*2 FMAs per k step against two B loads and
 * MR broadcasts. When there are too few n blocks for the threads, the m panels are split too, at the price of
 * packing a B block once per m group.
 */
public final class Gemm {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    /**
     * Rows of the register tile, from the vector registers C2 can allocate (read from the JVM once, at start-up).
     * C2 issues all MR broadcasts of a k step before the FMAs, so 2*MR accumulators + 2 B vectors + MR
     * broadcasts must fit: with AVX2's 16 registers, MR = 6 or 5 left it one short and it kept an accumulator
     * on the stack (a load-FMA-store chain through memory every k step: 2x slower than MR = 4, which fits).
     * AVX-512's 32 take MR = 6; at 7 or 8 rows C2 stopped compiling the vector operations into instructions
     * (5-10x slower), so 6 is the largest tile it keeps whole.
     */
    static final int MR = Simd.CPU.vectorRegisters() >= 32 ? 6 : 4;
    static final int NR = 2 * L;
    /** k slice: an A micro-panel (MR x KC) stays in L1, a B block (KC x NB) in L2. */
    static final int KC = 256;
    /** n block per task: 4 micro-panels, 128 columns with AVX-512. */
    static final int NB = 4 * NR;

    /** A per-thread MR x NR tile for tiles cut by n. */
    private static final ThreadLocal<float[]> EDGE = ThreadLocal.withInitial(() -> new float[MR * 2 * Simd.LANES]);

    private Gemm() {}

    /**
     * Packs columns [j0, j0+nc) of B for k slice [k0, k0+kc) into NR-wide panels [panel][p][j] at
     * dst[panel*NR*kc + p*NR + j], zero-padding the last panel; Conv2d packs its virtual im2col matrix this way.
     */
    @FunctionalInterface
    interface PackB {
        void pack(float[] dst, int k0, int kc, int j0, int nc);
    }

    /** Applied to each finished run c[off, off+n) of an output tile row while the tile is still in cache. */
    @FunctionalInterface
    public interface Epilogue {
        void apply(float[] c, int off, int n);
    }

    /** y[m,n] (=, or += when accumulate) x[m,k] · w[n,k]^T + bias[n]; bias may be null; w float32. */
    public static void linear(Parallel p, float[] x, int xOff, int m, int k, MemorySegment w, long wOff,
                              MemorySegment bias, float[] y, int yOff, int n, boolean accumulate) {
        linear(p, x, xOff, m, k, w, WeightType.F32, wOff, bias, y, yOff, n, accumulate);
    }

    /** {@link #linear} with w stored as {@code wType} (widened while packing); bias is float32. */
    public static void linear(Parallel p, float[] x, int xOff, int m, int k, MemorySegment w, WeightType wType, long wOff,
                              MemorySegment bias, float[] y, int yOff, int n, boolean accumulate) {
        linear(p, x, xOff, m, k, w, wType, wOff, bias, y, yOff, n, accumulate, null);
    }

    /**
     * {@link #linear} followed by {@code epilogue} on every output value (null: none), fused: each tile gets
     * it right after its last k slice, instead of in a second pass over y.
     */
    public static void linear(Parallel p, float[] x, int xOff, int m, int k, MemorySegment w, WeightType wType, long wOff,
                              MemorySegment bias, float[] y, int yOff, int n, boolean accumulate, Epilogue epilogue) {
        if (!Simd.ENABLED || m == 0 || n == 0 || k == 0) {
            linearScalar(p, x, xOff, m, k, w, wType, wOff, bias, y, yOff, n, accumulate);
            if (epilogue != null) {
                for (int i = 0; i < m; i++) epilogue.apply(y, yOff + i * n, n);
            }
            return;
        }
        drive(p, x, xOff, m, k, n, y, yOff, accumulate, floats(bias, n), false,
                (dst, k0, kc, j0, nc) -> packWeightRows(w, wType, wOff, k, dst, k0, kc, j0, nc), epilogue);
    }

    /** Scalar twin of {@link #linear}: the spec, one dot product per output in double. */
    public static void linearScalar(Parallel p, float[] x, int xOff, int m, int k, MemorySegment w, long wOff,
                                    MemorySegment bias, float[] y, int yOff, int n, boolean accumulate) {
        linearScalar(p, x, xOff, m, k, w, WeightType.F32, wOff, bias, y, yOff, n, accumulate);
    }

    /** Scalar twin of the typed {@link #linear}. */
    public static void linearScalar(Parallel p, float[] x, int xOff, int m, int k, MemorySegment w, WeightType wType, long wOff,
                                    MemorySegment bias, float[] y, int yOff, int n, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0 : bias.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, j);
                for (int t = 0; t < k; t++) {
                    s += (double) x[xOff + i * k + t] * wType.get(w, wOff + (long) j * k + t);
                }
                int o = yOff + i * n + j;
                y[o] = accumulate ? y[o] + (float) s : (float) s;
            }
        }
    }

    /** c[m,n] = a[m,k] · b[k,n], all heap row-major. */
    public static void matmul(Parallel p, float[] a, int aOff, int m, int k, float[] b, int bOff, int n,
                              float[] c, int cOff) {
        if (!Simd.ENABLED || m == 0 || n == 0 || k == 0) {
            matmulScalar(p, a, aOff, m, k, b, bOff, n, c, cOff);
            return;
        }
        drive(p, a, aOff, m, k, n, c, cOff, false, null, false,
                (dst, k0, kc, j0, nc) -> packRowMajor(b, bOff, n, dst, k0, kc, j0, nc), null);
    }

    /** Scalar twin of {@link #matmul}, accumulating in double. */
    public static void matmulScalar(Parallel p, float[] a, int aOff, int m, int k, float[] b, int bOff, int n,
                                    float[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) s += (double) a[aOff + i * k + t] * b[bOff + t * n + j];
                c[cOff + i * n + j] = (float) s;
            }
        }
    }

    /**
     * The blocked loop nest shared by linear, matmul and Conv2d: c[m,n] (+)= a[m,k] · B[k,n] (+ bias),
     * B from packB; bias may be null, else bias[n] per column (linear) or bias[m] per row (convolution, whose
     * rows are output channels) as {@code biasPerRow} says; epilogue (or null) runs on each tile once it is final.
     *
     * <p>The bias enters each C tile just before its first k slice (copied in, or added when accumulating),
     * and the micro-kernel then accumulates onto it: the micro-kernel stays free of bias branches (with them
     * C2 stopped keeping the tile in registers: 4x slower), and, unlike a separate pass over y before the
     * product, the tile is in cache when the kernel reads it back. Same floats in the same order as that pass.
     */
    static void drive(Parallel par, float[] a, int aOff, int m, int k, int n, float[] c, int cOff,
                      boolean accumulate, float[] bias, boolean biasPerRow, PackB packB, Epilogue epilogue) {
        int nBlocks = (n + NB - 1) / NB, mPanels = (m + MR - 1) / MR;
        // Too few n blocks to feed the threads: also cut the m panels into groups (B is then packed per group).
        int mGroups = Math.min(mPanels, Math.max(1, (2 * par.threads() + nBlocks - 1) / nBlocks));
        Product product = new Product(a, aOff, m, k, n, c, cOff, accumulate, bias, biasPerRow, packB, epilogue, mGroups);
        // One part per thread, each with its own copy of A: a shared packed A, written half by each core and read
        // whole by both, made the 2-thread product 20 % slower than two independent 1-thread products.
        par.forParts(nBlocks * mGroups, par.threads(), product::part);
    }

    /** One call of {@link #drive}: task t is n block t / mGroups (of {@link #NB} columns) for m group t % mGroups. */
    private record Product(float[] a, int aOff, int m, int k, int n, float[] c, int cOff, boolean accumulate,
                           float[] bias, boolean biasPerRow, PackB packB, Epilogue epilogue, int mGroups) {
        int mPanels() {
            return (m + MR - 1) / MR;
        }

        /** The first m panel of group g. */
        int firstPanel(int g) {
            return (int) ((long) mPanels() * g / mGroups);
        }

        /** Tasks [s, e), every k slice: A's panels they use are packed once per slice, into this thread's buffer. */
        void part(int s, int e) {
            float[] aPack = Scratch.floats(Scratch.GEMM_A, mPanels() * MR * Math.min(k, KC));
            float[] bPack = Scratch.floats(Scratch.GEMM_B, NB * Math.min(k, KC));
            int ipLo = mPanels(), ipHi = 0;
            for (int task = s; task < e; task++) {
                ipLo = Math.min(ipLo, firstPanel(task % mGroups));
                ipHi = Math.max(ipHi, firstPanel(task % mGroups + 1));
            }
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                for (int ip = ipLo; ip < ipHi; ip++) packA(a, aOff, m, k, k0, kc, ip, aPack);
                for (int task = s; task < e; task++) block(task, k0, kc, aPack, bPack);
            }
        }

        /** One task's n block for k slice [k0, k0 + kc): packs its B block and runs its tiles. */
        private void block(int task, int k0, int kc, float[] aPack, float[] bPack) {
            boolean load = accumulate || k0 > 0 || bias != null, seed = bias != null && k0 == 0;
            boolean finish = epilogue != null && k0 + kc == k;
            int g = task % mGroups, j0 = task / mGroups * NB, nc = Math.min(NB, n - j0);
            packB.pack(bPack, k0, kc, j0, nc);
            for (int ip = firstPanel(g); ip < firstPanel(g + 1); ip++) {
                int i0 = ip * MR;
                for (int jp = 0; jp * NR < nc; jp++) {
                    int jc = j0 + jp * NR, rows = Math.min(MR, m - i0), cols = Math.min(NR, n - jc);
                    if (seed) seedBias(bias, biasPerRow, i0, jc, c, cOff + i0 * n + jc, n, rows, cols, accumulate);
                    tile(aPack, ip * MR * kc, bPack, jp * NR * kc, kc, c, cOff + i0 * n + jc, n, rows, cols, load);
                    for (int r = 0; finish && r < rows; r++) epilogue.apply(c, cOff + (i0 + r) * n + jc, cols);
                }
            }
        }
    }

    /** The first n floats of a float32 bias segment as an array for {@link #drive}, or null for none. */
    static float[] floats(MemorySegment bias, int n) {
        if (bias == null) return null;
        float[] b = new float[n];
        MemorySegment.copy(bias, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, b, 0, n);
        return b;
    }

    /**
     * C tile [rows, cols] at c[co + r*ldc], tile origin (i0, j0): = its bias (bias[j0 + j] per column, or
     * bias[i0 + r] per row), or += it when accumulating.
     */
    private static void seedBias(float[] bias, boolean perRow, int i0, int j0, float[] c, int co, int ldc, int rows, int cols,
                                 boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int o = co + r * ldc;
            if (perRow && accumulate) {
                for (int j = 0; j < cols; j++) c[o + j] += bias[i0 + r];
            } else if (perRow) {
                java.util.Arrays.fill(c, o, o + cols, bias[i0 + r]);
            } else if (accumulate) {
                for (int j = 0; j < cols; j++) c[o + j] += bias[j0 + j];
            } else {
                System.arraycopy(bias, j0, c, o, cols);
            }
        }
    }

    /** A rows [ip*MR, ip*MR+MR) x k slice [k0, k0+kc) -> aPack[ip*MR*kc + p*MR + r]; rows past m are zero. */
    private static void packA(float[] a, int aOff, int m, int k, int k0, int kc, int ip, float[] aPack) {
        int base = ip * MR * kc;
        for (int r = 0; r < MR; r++) {
            int i = ip * MR + r;
            if (i < m) {
                int src = aOff + i * k + k0;
                for (int p = 0; p < kc; p++) aPack[base + p * MR + r] = a[src + p];
            } else {
                for (int p = 0; p < kc; p++) aPack[base + p * MR + r] = 0f;
            }
        }
    }

    /**
     * B = w^T with w [n,k] in a segment: row j of w becomes column j of the panel (a transpose while packing).
     * A 16-bit w is widened here, row by row, so no float32 copy of it ever exists beyond one panel.
     */
    private static void packWeightRows(MemorySegment w, WeightType wType, long wOff, int k, float[] dst, int k0, int kc, int j0, int nc) {
        float[] row = Scratch.floats(Scratch.ROW, kc);
        int padded = roundUp(nc, NR);
        for (int jj = 0; jj < padded; jj++) {
            int base = (jj / NR) * NR * kc + jj % NR;
            if (jj < nc) {
                wType.read(w, wOff + (long) (j0 + jj) * k + k0, row, 0, kc);
                for (int p = 0; p < kc; p++) dst[base + p * NR] = row[p];
            } else {
                for (int p = 0; p < kc; p++) dst[base + p * NR] = 0f;
            }
        }
    }

    /** B row-major [k,n] on the heap: each k row of the block is a contiguous run per panel. */
    private static void packRowMajor(float[] b, int bOff, int n, float[] dst, int k0, int kc, int j0, int nc) {
        for (int jp = 0; jp * NR < nc; jp++) {
            int cols = Math.min(NR, nc - jp * NR);
            int base = jp * NR * kc;
            for (int p = 0; p < kc; p++) {
                int d = base + p * NR;
                System.arraycopy(b, bOff + (k0 + p) * n + j0 + jp * NR, dst, d, cols);
                for (int j = cols; j < NR; j++) dst[d + j] = 0f;
            }
        }
    }

    /**
     * C tile [rows <= MR, NR] at c[co + r*ldc + j] (+)= Apanel[kc x MR] · Bpanel[kc x NR].
     * The 2*MR accumulators are written out by hand so they stay in registers; rows 4 and 5 exist only where
     * MR (a constant to C2, which drops the branches at parse time) asks for them.
     */
    private static void kernel(float[] a, int ao, float[] b, int bo, int kc, float[] c, int co, int ldc,
                               int rows, boolean load) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR, ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            if (MR > 4) {
                av = FloatVector.broadcast(F, a[ai + 4]);
                c40 = av.fma(b0, c40);
                c41 = av.fma(b1, c41);
            }
            if (MR > 5) {
                av = FloatVector.broadcast(F, a[ai + 5]);
                c50 = av.fma(b0, c50);
                c51 = av.fma(b1, c51);
            }
        }
        storeRow(c00, c01, c, co, load);
        if (rows > 1) storeRow(c10, c11, c, co + ldc, load);
        if (rows > 2) storeRow(c20, c21, c, co + 2 * ldc, load);
        if (rows > 3) storeRow(c30, c31, c, co + 3 * ldc, load);
        if (rows > 4) storeRow(c40, c41, c, co + 4 * ldc, load);
        if (rows > 5) storeRow(c50, c51, c, co + 5 * ldc, load);
    }

    /** One tile row: v (+ old c) -> c[o, o + NR). */
    private static void storeRow(FloatVector v0, FloatVector v1, float[] c, int o, boolean load) {
        if (load) {
            v0 = v0.add(FloatVector.fromArray(F, c, o));
            v1 = v1.add(FloatVector.fromArray(F, c, o + L));
        }
        v0.intoArray(c, o);
        v1.intoArray(c, o + L);
    }

    /** C tile [rows <= MR, cols <= NR] (+)= Apanel · Bpanel: the micro-kernel, or {@link #edgeTile} when cut by n. */
    private static void tile(float[] a, int ao, float[] b, int bo, int kc, float[] c, int co, int ldc,
                     int rows, int cols, boolean load) {
        if (cols == NR) kernel(a, ao, b, bo, kc, c, co, ldc, rows, load);
        else edgeTile(a, ao, b, bo, kc, c, co, ldc, rows, cols, load);
    }

    /**
     * A tile cut by n: the micro-kernel writes a full MR x NR tile into a per-thread buffer (B is
     * zero-padded), then the first {@code cols} columns go to C. Kept out of the micro-kernel on purpose:
     * with masked stores inside it, C2 stopped keeping the tile in registers and every later product of
     * the run became 10x slower.
     */
    private static void edgeTile(float[] a, int ao, float[] b, int bo, int kc, float[] c, int co, int ldc,
                         int rows, int cols, boolean load) {
        float[] tile = EDGE.get();
        kernel(a, ao, b, bo, kc, tile, 0, NR, rows, false);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int o = co + r * ldc + j;
                c[o] = load ? c[o] + tile[r * NR + j] : tile[r * NR + j];
            }
        }
    }

    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }
}
