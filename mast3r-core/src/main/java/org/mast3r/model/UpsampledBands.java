package org.mast3r.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Tensor;

/**
 * f(upsample2x(x)) one band of output rows at a time, for the DPT's convolutions that run on an upsampled
 * map: the upsampled map (50-100 MB at 512x384) and f's intermediates never exist whole, only the result.
 *
 * <p>f must be row-local with a vertical reach of {@code reach} rows (a 3x3 convolution: 1, a 1x1: 0; a
 * chain adds them up) and keep the row count. Each band is computed on its rows grown by {@code reach} on
 * each side that has them and then cut back: a grown row saw zero padding in place of its outer neighbours
 * and is dropped. Every kept value is the same float sum as on the whole map.
 */
final class UpsampledBands {
    /** Pixels per band: 64 rows of a 512-wide image. */
    private static final int BAND_PIXELS = 1 << 15;

    private UpsampledBands() {}

    /** x [C, H, W] -> f(upsample2x(x)) [C', 2H, 2W]; f's input and output are released as each band is done. */
    static Tensor apply(Backend backend, Tensor x, int reach, UnaryOperator<Tensor> f) {
        int oh = 2 * x.dim(1), ow = 2 * x.dim(2), band = Math.max(1, BAND_PIXELS / ow);
        List<Tensor> bands = new ArrayList<>();
        for (int y0 = 0; y0 < oh; y0 += band) {
            int y1 = Math.min(oh, y0 + band), top = Math.max(0, y0 - reach), bottom = Math.min(oh, y1 + reach);
            Tensor up = backend.upsample2xRows(x, top, bottom - top);        // [C, rows, 2W]
            Tensor out = f.apply(up);                                         // [C', rows, 2W]
            backend.release(up);
            bands.add(backend.crop(out, y0 - top, y1 - y0, ow));
            backend.release(out);
        }
        Tensor result = backend.stackRows(bands);
        bands.forEach(backend::release);
        return result;
    }
}
