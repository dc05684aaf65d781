package org.mast3r.kernels;

/**
 * Tokens to an image by pixel shuffle: in [gridH*gridW, channels*p*p] row-major ->
 * out [channels, gridH*p, gridW*p] with out[c, y*p+i, x*p+j] = in[y*gridW+x, c*p*p + i*p + j].
 * ref: PyTorch's x.transpose(-1, -2).view(C*p*p, gh, gw) followed by F.pixel_shuffle(x, p) (the linear head).
 */
public final class PixelShuffle {
    private PixelShuffle() {}

    public static void fromTokens(float[] in, int off, int gridH, int gridW, int channels, int p, float[] out, int outOff) {
        if (!Simd.ENABLED) {
            fromTokensScalar(in, off, gridH, gridW, channels, p, out, outOff);
            return;
        }
        int rowLen = channels * p * p, outW = gridW * p;
        // each (token, c, i) holds one run of p output pixels along x: move it with one copy
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < gridH; y++) {
                for (int i = 0; i < p; i++) {
                    int dst = outOff + (c * gridH * p + y * p + i) * outW;
                    for (int x = 0; x < gridW; x++) {
                        System.arraycopy(in, off + (y * gridW + x) * rowLen + c * p * p + i * p, out, dst + x * p, p);
                    }
                }
            }
        }
    }

    /** Scalar twin: the defining formula per output element. */
    public static void fromTokensScalar(float[] in, int off, int gridH, int gridW, int channels, int p, float[] out, int outOff) {
        int outH = gridH * p, outW = gridW * p;
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    int y = oy / p, i = oy % p, x = ox / p, j = ox % p;
                    out[outOff + (c * outH + oy) * outW + ox] = in[off + (y * gridW + x) * channels * p * p + c * p * p + i * p + j];
                }
            }
        }
    }
}
