package org.mast3r.model;

import java.util.List;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.weights.ModelConfig;

/** DUSt3R's dpt head: the DPT adapter's (x, y, z, conf) map, post-processed. */
// ref: naver/dust3r 4c24a6e dust3r/heads/dpt_head.py PixelwiseTaskWithDPT
final class DptHead implements Head {
    private final Backend backend;
    private final DptAdapter dpt;
    private final Postprocess postprocess;

    DptHead(Weights w, ModelConfig c) {
        this.backend = w.backend();
        this.dpt = new DptAdapter(w.at("dpt"), c, 3 + (c.confMode() == null ? 0 : 1));
        this.postprocess = new Postprocess(c);
    }

    @Override
    public boolean reads(int layer, int last) {
        return dpt.reads(layer);
    }

    @Override
    public ViewOutput forward(List<Tensor> decout, int h, int w, String view, Taps taps) {
        float[] raw;
        try (Scope _ = backend.scope()) {
            Tensor dense = dpt.forward(decout, h, w);                    // [4, H, W]
            taps.tensor(view + ".dpt_raw", dense);
            raw = backend.download(dense);
        }
        taps.stage(view + ".head");
        ViewOutput out = postprocess.apply(raw, null, h, w);
        taps.stage(view + ".postprocess");
        return out;
    }
}
