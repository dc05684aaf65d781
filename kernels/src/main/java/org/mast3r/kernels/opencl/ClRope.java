package org.mast3r.kernels.opencl;

import org.mast3r.kernels.Rope2d;

/**
 * rope.cl: 2D RoPE in place. The cos / sin tables [pos][q] are built here from {@link Rope2d#tables}
 * (torch's float32 angles, cos / sin in double rounded once), so both backends rotate by the same numbers.
 */
public final class ClRope {
    private ClRope() {}

    /**
     * Columns [col, col + heads*headDim) of x [rows, stride], rows = batch * tokens; token t = row % tokens
     * sits at (posY[t], posX[t]).
     */
    public static void apply(ClContext ctx, ClBuffer x, int col, int stride, int rows, int heads, int headDim,
                             int[] posY, int[] posX, double base) {
        int m = headDim / 2, q = m / 2, tokens = posY.length;
        if (rows == 0 || q == 0) return;
        int maxPos = 0;
        for (int t = 0; t < tokens; t++) maxPos = Math.max(maxPos, Math.max(posY[t], posX[t]));
        float[] cos = new float[(maxPos + 1) * q], sin = new float[(maxPos + 1) * q];
        Rope2d.tables(maxPos, m, base, cos, sin);
        ClBuffer cosT = ctx.upload(cos), sinT = ctx.upload(sin);
        ClBuffer y = ctx.uploadInts(posY), xs = ctx.uploadInts(posX);
        try {
            ClLaunch.of(ctx, "rope", "rope2d").buf(x).i(col).i(stride).i(rows).i(tokens).i(heads).i(headDim)
                    .buf(y).buf(xs).buf(cosT).buf(sinT)
                    .run(new long[] {(long) heads * 2 * q, rows}, new long[] {32, 1});
        } finally {
            // OpenCL defers the release until the enqueued kernel is done with them
            cosT.release();
            sinT.release();
            y.release();
            xs.release();
        }
    }
}
