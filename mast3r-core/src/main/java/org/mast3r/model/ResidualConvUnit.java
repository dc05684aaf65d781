package org.mast3r.model;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.engine.nn.Conv2d;

/** x + conv2(ReLU(conv1(ReLU(x)))), 3x3 convs with bias; the ReLUs do not touch x. */
// ref: naver/croco d7de070 models/dpt_block.py ResidualConvUnit_custom.forward
final class ResidualConvUnit {
    private final Backend backend;
    private final Conv2d conv1;
    private final Conv2d conv2;

    ResidualConvUnit(Weights w, int features) {
        this.backend = w.backend();
        this.conv1 = new Conv2d(w.at("conv1"), features, features, 3, 1, 1, true);
        this.conv2 = new Conv2d(w.at("conv2"), features, features, 3, 1, 1, true);
    }

    /** [F, H, W] -> x + conv2(relu(conv1(relu(x)))), the ReLUs and the skip fused into the convolutions. */
    Tensor forward(Tensor x) {
        try (Scope s = backend.scope()) {
            Tensor inner = conv1.forwardReluInput(x, null);           // [F, H, W]
            return s.keep(conv2.forwardReluInput(inner, x));          // [F, H, W]
        }
    }
}
