package org.mast3r.kernels.opencl;


/** Layout changes of shuffle.cl and resize.cl: transposes, pixel shuffle, bilinear x2 upsampling. */
public final class ClLayout {
    /** shuffle.cl's TILE. */
    private static final int TILE = 16;

    private ClLayout() {}

    /** in [rows, cols] -> out [cols, rows]. */
    public static void transpose(ClContext ctx, ClBuffer in, int rows, int cols, ClBuffer out) {
        ClLaunch.of(ctx, "shuffle", "transpose").buf(in).buf(out).i(rows).i(cols)
                .run(new long[] {cols, rows}, new long[] {TILE, TILE});
    }

    /** in [gh*gw, c*p*p] -> out [c, gh*p, gw*p] (PyTorch's view + pixel_shuffle). */
    public static void pixelShuffle(ClContext ctx, ClBuffer in, int gh, int gw, int c, int p, ClBuffer out) {
        ClLaunch.of(ctx, "shuffle", "pixel_shuffle").buf(in).buf(out).i(gh).i(gw).i(c).i(p)
                .run(new long[] {(long) gw * p, (long) gh * p, c}, new long[] {16, 4, 1});
    }

    /**
     * Output rows [top, top + rows) of the bilinear x2 upsampling (align_corners=True) of in [c, h, w], into
     * out [c, rows, 2w]; top 0 and rows 2h give all of it.
     */
    public static void upsample2xRows(ClContext ctx, ClBuffer in, int c, int h, int w, int top, int rows, ClBuffer out) {
        // the scales as torch computes them in float: (in - 1) / (out - 1), a correctly rounded division here
        float scaleH = 2 * h > 1 ? (float) (h - 1) / (float) (2 * h - 1) : 0f;
        float scaleW = 2 * w > 1 ? (float) (w - 1) / (float) (2 * w - 1) : 0f;
        ClLaunch.of(ctx, "resize", "upsample2x_align_corners").buf(in).buf(out).i(c).i(h).i(w).i(top).i(rows)
                .f(scaleH).f(scaleW).run(new long[] {2L * w, rows, c}, new long[] {16, 4, 1});
    }
}
