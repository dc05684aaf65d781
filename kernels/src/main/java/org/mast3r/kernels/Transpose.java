package org.mast3r.kernels;

/** Layout changes between token-major [n, c] and channel-major [c, n] maps. */
public final class Transpose {
    /** Tile edge: a 32 x 32 float tile is 4 KiB, so source and destination lines stay in L1 while it is moved. */
    private static final int TILE = 32;

    private Transpose() {}

    /** in [n, c] -> out [c, n]. */
    public static void tokensToChannels(float[] in, int off, int n, int c, float[] out, int outOff) {
        if (!Simd.ENABLED) {
            tokensToChannelsScalar(in, off, n, c, out, outOff);
            return;
        }
        strided(in, off, c, n, c, out, outOff, n);
    }

    /** Scalar twin: one element at a time. */
    public static void tokensToChannelsScalar(float[] in, int off, int n, int c, float[] out, int outOff) {
        for (int t = 0; t < n; t++) {
            for (int ch = 0; ch < c; ch++) out[outOff + ch * n + t] = in[off + t * c + ch];
        }
    }

    /** Tiled transpose of rows x cols (source row stride inStride) into cols x rows (row stride outStride). */
    static void strided(float[] in, int off, int inStride, int rows, int cols, float[] out, int outOff, int outStride) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int r = r0; r < r1; r++) {
                    for (int ch = c0; ch < c1; ch++) out[outOff + ch * outStride + r] = in[off + r * inStride + ch];
                }
            }
        }
    }
}
