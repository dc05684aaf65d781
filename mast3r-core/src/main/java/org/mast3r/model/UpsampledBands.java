package org.mast3r.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
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

    /** x [C, H, W] -> f(upsample2x(x)) [C', 2H, 2W]; each band's intermediates die before the next band starts. */
    static Tensor apply(Backend backend, Tensor x, int reach, UnaryOperator<Tensor> f) {
        int oh = 2 * x.dim(1), ow = 2 * x.dim(2), band = Math.max(1, BAND_PIXELS / ow);
        try (Scope s = backend.scope()) {
            List<Tensor> bands = new ArrayList<>();
            for (int y0 = 0; y0 < oh; y0 += band) {
                int y1 = Math.min(oh, y0 + band), top = Math.max(0, y0 - reach), bottom = Math.min(oh, y1 + reach);
                try (Scope rows = backend.scope()) {
                    Tensor out = ofUpsampledRows(backend, x, top, bottom - top, f);     // [C', bottom - top, 2W]
                    bands.add(rows.keep(backend.crop(out, y0 - top, y1 - y0, ow)));   // [C', y1 - y0, 2W]
                }
            }
            return s.keep(backend.stackRows(bands));
        }
    }

    /** f(rows [top, top + rows) of upsample2x(x)); the upsampled rows die here, so the crop can take their array. */
    private static Tensor ofUpsampledRows(Backend backend, Tensor x, int top, int rows, UnaryOperator<Tensor> f) {
        try (Scope s = backend.scope()) {
            return s.keep(f.apply(backend.upsample2xRows(x, top, rows)));   // [C, rows, 2W] -> [C', rows, 2W]
        }
    }
}
