package org.mast3r.kernels.opencl;


/** The strided tiled matrix product of gemm.cl, and Linear on top of it. */
public final class ClGemm {
    /** Where the bias is added: not at all, per column n, per row m. */
    public enum Bias { NONE, PER_COLUMN, PER_ROW }

    /** Edge of the block of C one work-group computes, and of that work-group (gemm.cl's BT and TS). */
    private static final int BLOCK = 64, GROUP = 16;

    private ClGemm() {}

    /**
     * C[cOff + m*ldc + n] (+)= bias + sum_k A[aOff + m*sam + k*sak] * B[bOff + n*sbn + k*sbk], m < M, n < N.
     * {@code bias} may be null when {@code biasMode} is NONE.
     */
    public static void gemm(ClContext ctx, int m, int n, int k,
                            ClBuffer a, int aOff, int sam, int sak,
                            ClBuffer b, int bOff, int sbn, int sbk,
                            ClBuffer c, int cOff, int ldc, ClBuffer bias, Bias biasMode, boolean accumulate) {
        if (m == 0 || n == 0) return;
        ClLaunch.of(ctx, "gemm", "gemm").i(m).i(n).i(k)
                .buf(a).i(aOff).i(sam).i(sak)
                .buf(b).i(bOff).i(sbn).i(sbk)
                .buf(c).i(cOff).i(ldc)
                .buf(bias == null ? ctx.none() : bias).i(bias == null ? 0 : biasMode.ordinal()).i(accumulate ? 1 : 0)
                .run(new long[] {groups(n) * GROUP, groups(m) * GROUP}, new long[] {GROUP, GROUP});
    }

    /** y[n, out] (+)= x[n, in] w[out, in]^T + b (b may be null). */
    public static void linear(ClContext ctx, ClBuffer x, int rows, int in, ClBuffer w, ClBuffer b, int out, ClBuffer y, boolean accumulate) {
        gemm(ctx, rows, out, in, x, 0, in, 1, w, 0, in, 1, y, 0, out, b, Bias.PER_COLUMN, accumulate);
    }

    private static long groups(int size) {
        return (size + BLOCK - 1) / BLOCK;
    }
}
