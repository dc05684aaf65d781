package org.mast3r.kernels.opencl;

import org.jocl.cl_mem;

/** Element-wise ops of gelu.cl and elementwise.cl over flat buffers. */
public final class ClPointwise {
    private ClPointwise() {}

    /** Exact (erf) GELU in place on x[0, n). */
    public static void geluInPlace(ClContext ctx, cl_mem x, long n) {
        ClLaunch.of(ctx, "gelu", "gelu").mem(x).i(n).run1d(n);
    }

    /** y = a + b over n values. */
    public static void add(ClContext ctx, cl_mem a, cl_mem b, cl_mem y, long n) {
        ClLaunch.of(ctx, "elementwise", "add").mem(a).mem(b).mem(y).i(n).run1d(n);
    }

    /** y = max(x, 0) over n values. */
    public static void relu(ClContext ctx, cl_mem x, cl_mem y, long n) {
        ClLaunch.of(ctx, "elementwise", "relu").mem(x).mem(y).i(n).run1d(n);
    }

    /**
     * A planes x rows x cols block: dst[dstOff + z*dstPlane + r*dstRow + c] = src[srcOff + z*srcPlane + r*srcRow + c].
     */
    public static void copyBlock(ClContext ctx, cl_mem src, int srcOff, int srcRow, int srcPlane,
                                 cl_mem dst, int dstOff, int dstRow, int dstPlane, int cols, int rows, int planes) {
        ClLaunch.of(ctx, "elementwise", "copy_block").mem(src).i(srcOff).i(srcRow).i(srcPlane)
                .mem(dst).i(dstOff).i(dstRow).i(dstPlane).i(cols).i(rows).i(planes)
                .run(new long[] {cols, rows, planes}, new long[] {64, 1, 1});
    }
}
