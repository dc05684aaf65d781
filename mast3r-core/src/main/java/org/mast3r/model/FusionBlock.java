package org.mast3r.model;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.engine.nn.Conv2d;

/**
 * DPT feature fusion: (previous path + RCU1(skip)) when there is a skip, then RCU2, bilinear x2 with
 * align_corners=True, and the 1x1 out_conv.
 */
// ref: naver/croco d7de070 models/dpt_block.py FeatureFusionBlock_custom.forward (width_ratio 1)
final class FusionBlock {
    private final Backend backend;
    private final ResidualConvUnit resConfUnit1;
    private final ResidualConvUnit resConfUnit2;
    private final Conv2d out_conv;

    FusionBlock(Weights w, int features) {
        this.backend = w.backend();
        this.resConfUnit1 = new ResidualConvUnit(w.at("resConfUnit1"), features);
        this.resConfUnit2 = new ResidualConvUnit(w.at("resConfUnit2"), features);
        this.out_conv = new Conv2d(w.at("out_conv"), features, features, 1, 1, 0, true);
    }

    /** path: [F, H, W], skip: [F, H, W] or null -> [F, 2H, 2W]; the inputs stay the caller's. */
    Tensor forward(Tensor path, Tensor skip) {
        try (Scope s = backend.scope()) {
            Tensor y = skip == null ? resConfUnit2.forward(path) : merged(path, skip);   // [F, H, W]
            return s.keep(UpsampledBands.apply(backend, y, 0, out_conv::forward));       // out_conv(upsample2x(y)): [F, 2H, 2W]
        }
    }

    /** resConfUnit2(path + resConfUnit1(skip)): RCU1's output dies once added, the sum once RCU2 has read it. */
    private Tensor merged(Tensor path, Tensor skip) {
        try (Scope s = backend.scope()) {
            Tensor x;
            try (Scope sum = backend.scope()) {
                x = sum.keep(backend.add(path, resConfUnit1.forward(skip)));
            }
            return s.keep(resConfUnit2.forward(x));
        }
    }
}
