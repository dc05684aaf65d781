package org.mast3r.kernels.opencl;


/** Element-wise ops of gelu.cl and elementwise.cl over flat buffers. */
public final class ClPointwise {
    private ClPointwise() {}

    /** Exact (erf) GELU in place on x[0, n). */
    public static void geluInPlace(ClContext ctx, ClBuffer x, long n) {
        ClLaunch.of(ctx, "gelu", "gelu").buf(x).i(n).run1d(n);
    }

    /** y = a + b over n values. */
    public static void add(ClContext ctx, ClBuffer a, ClBuffer b, ClBuffer y, long n) {
        ClLaunch.of(ctx, "elementwise", "add").buf(a).buf(b).buf(y).i(n).run1d(n);
    }

    /** y = max(x, 0) over n values. */
    public static void relu(ClContext ctx, ClBuffer x, ClBuffer y, long n) {
        ClLaunch.of(ctx, "elementwise", "relu").buf(x).buf(y).i(n).run1d(n);
    }

    /**
     * A planes x rows x cols block: dst[dstOff + z*dstPlane + r*dstRow + c] = src[srcOff + z*srcPlane + r*srcRow + c].
     */
    public static void copyBlock(ClContext ctx, ClBuffer src, int srcOff, int srcRow, int srcPlane,
                                 ClBuffer dst, int dstOff, int dstRow, int dstPlane, int cols, int rows, int planes) {
        ClLaunch.of(ctx, "elementwise", "copy_block").buf(src).i(srcOff).i(srcRow).i(srcPlane)
                .buf(dst).i(dstOff).i(dstRow).i(dstPlane).i(cols).i(rows).i(planes)
                .run(new long[] {cols, rows, planes}, new long[] {64, 1, 1});
    }
}
