package org.mast3r.kernels;

import static org.mast3r.kernels.Check.GUARD;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResizeTest {
    @ParameterizedTest(name = "c={0} {1}x{2}")
    @CsvSource({"1,1,1", "2,1,5", "3,4,4", "2,7,13", "5,24,32", "3,9,21", "0,3,3"})
    void matchesTwinAndDoubleReference(int c, int h, int w) {
        float[] in = Check.random(26, c * h * w + 1);
        int n = c * 4 * h * w;
        float[] fast = Check.guarded(n), twin = Check.guarded(n);
        try (Parallel p = new Parallel(2)) {
            Resize.bilinear2xAlignCorners(p, in, 1, c, h, w, fast, GUARD);
        }
        Resize.bilinear2xAlignCornersScalar(in, 1, c, h, w, twin, GUARD);
        Check.close("resize fast", twin, GUARD, fast, GUARD, n, 0, 0); // same float steps: bit-identical
        // independent double formula: src = dst * (in-1)/(out-1). Torch's float source coordinate is off by up to
        // ulp(31) ~ 2e-6 pixels at w = 32, times a random map's slope (up to 2 per pixel)
        float[] ref = new float[n];
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < 2 * h; oy++) {
                for (int ox = 0; ox < 2 * w; ox++) {
                    double sy = h > 1 ? oy * (h - 1.0) / (2 * h - 1) : 0, sx = w > 1 ? ox * (w - 1.0) / (2 * w - 1) : 0;
                    int y0 = (int) sy, x0 = (int) sx, y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
                    double fy = sy - y0, fx = sx - x0;
                    int b = 1 + ch * h * w;
                    ref[(ch * 2 * h + oy) * 2 * w + ox] = (float) ((1 - fy) * ((1 - fx) * in[b + y0 * w + x0] + fx * in[b + y0 * w + x1])
                            + fy * ((1 - fx) * in[b + y1 * w + x0] + fx * in[b + y1 * w + x1]));
                }
            }
        }
        Check.close("resize twin", ref, 0, twin, GUARD, n, 5e-6, 1e-6);
        Check.assertGuards(fast, n);
    }

    /** A band of output rows is exactly those rows of the whole upsampling, on both paths; a band past the end is refused. */
    @ParameterizedTest(name = "rows [{0}, +{1}) of 2x{2}")
    @CsvSource({"0,14,7", "0,1,7", "13,1,7", "5,6,7", "3,40,24", "0,0,4"})
    void rowBandsAreSlicesOfTheWhole(int top, int rows, int h) {
        int c = 3, w = 11, ow = 2 * w;
        float[] in = Check.random(27, c * h * w);
        float[] whole = new float[c * 2 * h * ow];
        Resize.bilinear2xAlignCornersScalar(in, 0, c, h, w, whole, 0);
        float[] band = Check.guarded(c * rows * ow), twin = Check.guarded(c * rows * ow), ref = new float[c * rows * ow];
        for (int ch = 0; ch < c; ch++) System.arraycopy(whole, (ch * 2 * h + top) * ow, ref, ch * rows * ow, rows * ow);
        try (Parallel p = new Parallel(2)) {
            Resize.bilinear2xAlignCornersRows(p, in, 0, c, h, w, top, rows, band, GUARD);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Resize.bilinear2xAlignCornersRows(p, in, 0, c, h, w, 2 * h - rows + 1, rows, new float[c * rows * ow + 99], 0));
        }
        Resize.bilinear2xAlignCornersRowsScalar(in, 0, c, h, w, top, rows, twin, GUARD);
        Check.close("band fast", ref, 0, band, GUARD, ref.length, 0, 0);
        Check.close("band twin", ref, 0, twin, GUARD, ref.length, 0, 0);
        Check.assertGuards(band, ref.length);
    }

    /**
     * Worked by hand for F.interpolate(torch.tensor([[[[0., 1., 4.]]]]), scale_factor=2, mode='bilinear',
     * align_corners=True): sources 0, 0.4, ..., 2.0 (scale 2/5) give both rows [0, 0.4, 0.8, 1.6, 2.8, 4].
     */
    @Test
    void handValues() {
        float[] out = new float[12];
        Resize.bilinear2xAlignCornersScalar(new float[] {0, 1, 4}, 0, 1, 1, 3, out, 0);
        float[] row = {0f, 0.4f, 0.8f, 1.6f, 2.8f, 4f};
        float[] expected = new float[12];
        System.arraycopy(row, 0, expected, 0, 6);
        System.arraycopy(row, 0, expected, 6, 6);
        Check.close("hand", expected, 0, out, 0, 12, 1e-6, 1e-6);
    }
}
