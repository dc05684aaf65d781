package org.mast3r.kernels.opencl;


/**
 * Convolutions as gemm.cl products (conv.cl holds the gathers around them). Images are [C, H, W].
 * conv2d: out[:, band] = W [cout, cin*kh*kw] . im2col(in, band), in bands of output rows so the column
 * buffer stays below {@link #BAND_FLOATS}; a 1x1 stride-1 unpadded conv multiplies the input directly.
 * convTranspose2d (kernel == stride): T [cout*k*k, h*w] = W^T . in, then each output pixel reads its tap.
 */
public final class ClConv {
    /** Floats in one band's column buffer (256 MiB): far below PoCL's 2 GiB buffer cap. */
    private static final long BAND_FLOATS = 1L << 26;

    private ClConv() {}

    public static int outSize(int size, int k, int stride, int pad) {
        return (size + 2 * pad - k) / stride + 1;
    }

    /** in [cin, h, w], weight [cout, cin, kh, kw], bias [cout] or null -> out [cout, ho, wo]. */
    public static void conv2d(ClContext ctx, ClBuffer in, int cin, int h, int w, ClBuffer weight, ClBuffer bias,
                              int cout, int kh, int kw, int stride, int pad, ClBuffer out) {
        int ho = outSize(h, kh, stride, pad), wo = outSize(w, kw, stride, pad), k = cin * kh * kw;
        ClGemm.Bias mode = bias == null ? ClGemm.Bias.NONE : ClGemm.Bias.PER_ROW;
        if (kh == 1 && kw == 1 && stride == 1 && pad == 0) {
            ClGemm.gemm(ctx, cout, h * w, cin, weight, 0, cin, 1, in, 0, 1, h * w, out, 0, h * w, bias, mode, false);
            return;
        }
        int bandRows = (int) Math.max(1, Math.min(ho, BAND_FLOATS / ((long) k * wo)));
        ClBuffer cols = ctx.alloc((long) k * bandRows * wo);
        try {
            for (int oy0 = 0; oy0 < ho; oy0 += bandRows) {
                int rows = Math.min(bandRows, ho - oy0), px = rows * wo;
                ClLaunch.of(ctx, "conv", "im2col").buf(in).i(h).i(w).i(kh).i(kw).i(stride).i(pad)
                        .i(wo).i(oy0).i(rows).i(k).buf(cols)
                        .run(new long[] {px, k}, new long[] {64, 1});
                ClGemm.gemm(ctx, cout, px, k, weight, 0, k, 1, cols, 0, 1, px,
                        out, oy0 * wo, ho * wo, bias, mode, false);
            }
        } finally {
            cols.release();
        }
    }

    /** in [cin, h, w], weight [cin, cout, k, k], bias [cout] or null -> out [cout, h*k, w*k]. */
    public static void convTranspose2d(ClContext ctx, ClBuffer in, int cin, int h, int w, ClBuffer weight, ClBuffer bias,
                                       int cout, int k, ClBuffer out) {
        int rows = cout * k * k, px = h * w;
        ClBuffer t = ctx.alloc((long) rows * px);
        try {
            ClGemm.gemm(ctx, rows, px, cin, weight, 0, 1, rows, in, 0, 1, px, t, 0, px, null, ClGemm.Bias.NONE, false);
            ClLaunch.of(ctx, "conv", "conv_transpose_scatter").buf(t).buf(bias == null ? ctx.none() : bias)
                    .i(bias == null ? 0 : 1).i(cout).i(k).i(h).i(w).buf(out)
                    .run(new long[] {(long) w * k, (long) h * k, cout}, new long[] {16, 4, 1});
        } finally {
            t.release();
        }
    }
}
