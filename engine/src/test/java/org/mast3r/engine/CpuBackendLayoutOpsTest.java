package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mast3r.engine.Close.assertSame;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The data-movement ops of {@link CpuBackend}: each output element is written out from its index
 * formula (PyTorch's for pixel shuffle), and must match bit for bit.
 */
class CpuBackendLayoutOpsTest {
    @AutoClose
    static final CpuBackend BE = new CpuBackend(2);

    @Test
    void uploadDownloadRoundTripsAndChecksSize() {
        float[] x = Inputs.uniform(1, 15, 1);
        Tensor t = BE.upload(x, 3, 5);
        assertArrayEquals(new int[] {3, 5}, t.shape());
        assertArrayEquals(x, BE.download(t));
        assertThrows(IllegalArgumentException.class, () -> BE.upload(x, 4, 4));
    }

    @Test
    void copyIsIndependentOfItsSource() {
        float[] x = Inputs.uniform(2, 21, 3);
        Tensor src = BE.upload(x, 3, 7);
        Tensor c = BE.copy(src);
        BE.geluInPlace(src);
        assertArrayEquals(new int[] {3, 7}, c.shape());
        assertArrayEquals(x, BE.download(c));
    }

    @Test
    void concatColumnsAndRows() {
        int n = 5, ca = 3, cb = 7;
        float[] a = Inputs.uniform(3, n * ca, 1), b = Inputs.uniform(4, n * cb, 1);
        Tensor cols = BE.concatColumns(BE.upload(a, n, ca), BE.upload(b, n, cb));
        assertArrayEquals(new int[] {n, ca + cb}, cols.shape());
        double[] ref = new double[n * (ca + cb)];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < ca + cb; c++) ref[r * (ca + cb) + c] = c < ca ? a[r * ca + c] : b[r * cb + c - ca];
        }
        assertSame("concatColumns", ref, BE.download(cols));

        float[] top = Inputs.uniform(5, 4 * 6, 1), bottom = Inputs.uniform(6, 3 * 6, 1);
        Tensor rows = BE.concatRows(BE.upload(top, 4, 6), BE.upload(bottom, 3, 6));
        assertArrayEquals(new int[] {7, 6}, rows.shape());
        double[] refRows = new double[7 * 6];
        for (int i = 0; i < refRows.length; i++) refRows[i] = i < top.length ? top[i] : bottom[i - top.length];
        assertSame("concatRows", refRows, BE.download(rows));
        assertThrows(IllegalArgumentException.class, () -> BE.concatRows(BE.upload(top, 4, 6), BE.upload(new float[5], 1, 5)));
    }

    @Test
    void rowsCopiesAWindow() {
        float[] x = Inputs.uniform(7, 9 * 5, 1);
        Tensor r = BE.rows(BE.upload(x, 9, 5), 2, 3);
        assertArrayEquals(new int[] {3, 5}, r.shape());
        double[] ref = new double[15];
        for (int i = 0; i < 15; i++) ref[i] = x[2 * 5 + i];
        assertSame("rows", ref, BE.download(r));
    }

    @Test
    void tokensToImageAndBack() {
        int gh = 3, gw = 5, c = 7;
        float[] tok = Inputs.uniform(8, gh * gw * c, 1);
        Tensor img = BE.tokensToImage(BE.upload(tok, gh * gw, c), gh, gw);
        assertArrayEquals(new int[] {c, gh, gw}, img.shape());
        double[] ref = new double[c * gh * gw];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) ref[(ch * gh + y) * gw + x] = tok[(y * gw + x) * c + ch];
            }
        }
        assertSame("tokensToImage", ref, BE.download(img));
        Tensor back = BE.imageToTokens(img);
        assertArrayEquals(new int[] {gh * gw, c}, back.shape());
        assertArrayEquals(tok, BE.download(back));
        assertThrows(IllegalArgumentException.class, () -> BE.tokensToImage(BE.upload(tok, gh * gw, c), gw, gw));
    }

    @Test
    void pixelShuffleFollowsTorchViewThenPixelShuffle() {
        int gh = 3, gw = 5, c = 3;
        for (int p : new int[] {2, 4}) {
            float[] tok = Inputs.uniform(9 + p, gh * gw * c * p * p, 1);
            Tensor out = BE.pixelShuffle(BE.upload(tok, gh * gw, c * p * p), gh, gw, p);
            assertArrayEquals(new int[] {c, gh * p, gw * p}, out.shape());
            // feat.transpose(-1, -2).view(c*p*p, gh, gw); pixel_shuffle: out[c, y*p+i, x*p+j] = feat[c*p*p + i*p + j, y, x]
            double[] ref = new double[c * gh * p * gw * p];
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < gh; y++) {
                    for (int x = 0; x < gw; x++) {
                        for (int i = 0; i < p; i++) {
                            for (int j = 0; j < p; j++) {
                                ref[(ch * gh * p + y * p + i) * gw * p + x * p + j] = tok[(y * gw + x) * c * p * p + ch * p * p + i * p + j];
                            }
                        }
                    }
                }
            }
            assertSame("pixelShuffle p=" + p, ref, BE.download(out));
        }
    }

    @Test
    void cropKeepsTheWindowFromItsTopRow() {
        int c = 3, h = 5, w = 7;
        float[] x = Inputs.uniform(20, c * h * w, 1);
        for (int top : new int[] {0, 1}) {
            Tensor out = BE.crop(BE.upload(x, c, h, w), top, 4, 6);
            assertArrayEquals(new int[] {c, 4, 6}, out.shape());
            double[] ref = new double[c * 4 * 6];
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < 4; y++) {
                    for (int xx = 0; xx < 6; xx++) ref[(ch * 4 + y) * 6 + xx] = x[(ch * h + top + y) * w + xx];
                }
            }
            assertSame("crop from row " + top, ref, BE.download(out));
        }
        assertThrows(IllegalArgumentException.class, () -> BE.crop(BE.upload(x, c, h, w), 0, 6, 6));
        assertThrows(IllegalArgumentException.class, () -> BE.crop(BE.upload(x, c, h, w), 2, 4, 6));
    }

    @Test
    void stackRowsPutsBandsOnTopOfEachOther() {
        int c = 2, w = 5;
        float[] a = Inputs.uniform(23, c * 3 * w, 1), b = Inputs.uniform(24, c * 1 * w, 1);
        Tensor out = BE.stackRows(java.util.List.of(BE.upload(a, c, 3, w), BE.upload(b, c, 1, w)));
        assertArrayEquals(new int[] {c, 4, w}, out.shape());
        double[] ref = new double[c * 4 * w];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < 3 * w; i++) ref[ch * 4 * w + i] = a[ch * 3 * w + i];
            for (int i = 0; i < w; i++) ref[ch * 4 * w + 3 * w + i] = b[ch * w + i];
        }
        assertSame("stackRows", ref, BE.download(out));
        assertThrows(IllegalArgumentException.class, () -> BE.stackRows(java.util.List.of(BE.upload(a, c, 3, w), BE.upload(b, 1, 2, w))));
    }

    @Test
    void addMakesANewTensor() {
        float[] a = Inputs.uniform(21, 3 * 5 * 7, 1), b = Inputs.uniform(22, 3 * 5 * 7, 1);
        Tensor ta = BE.upload(a, 3, 5, 7);
        Tensor s = BE.add(ta, BE.upload(b, 3, 5, 7));
        assertArrayEquals(new int[] {3, 5, 7}, s.shape());
        double[] refAdd = new double[a.length];
        for (int i = 0; i < a.length; i++) refAdd[i] = a[i] + b[i];                      // float addition: exact in both
        assertSame("add", refAdd, BE.download(s));
        assertArrayEquals(a, BE.download(ta), "inputs untouched");
        assertThrows(IllegalArgumentException.class, () -> BE.add(ta, BE.upload(new float[3], 3)));
    }
}
