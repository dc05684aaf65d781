package org.mast3r.model;

import java.util.List;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.engine.nn.Linear;
import org.mast3r.weights.ModelConfig;

/** DUSt3R's linear head: proj D -> (3 + conf) p^2 on the last decoder output, then pixel shuffle. */
// ref: naver/dust3r 4c24a6e dust3r/heads/linear_head.py LinearPts3d.forward
final class LinearHead implements Head {
    private final Backend backend;
    private final Linear proj;
    private final int patch;
    private final Postprocess postprocess;

    LinearHead(Weights w, ModelConfig c) {
        this.backend = w.backend();
        this.patch = c.patchSize();
        int channels = 3 + (c.confMode() == null ? 0 : 1);
        this.proj = new Linear(w.at("proj"), c.decEmbedDim(), channels * patch * patch);
        this.postprocess = new Postprocess(c);
    }

    @Override
    public boolean reads(int layer, int last) {
        return layer == last;
    }

    @Override
    public ViewOutput forward(List<Tensor> decout, int h, int w, String view, Taps taps) {
        float[] raw;
        try (Scope _ = backend.scope()) {
            Tensor feat = proj.forward(decout.getLast());                // [N, 4 p^2]
            taps.tensor(view + ".head_proj_raw", feat);
            raw = backend.download(backend.pixelShuffle(feat, h / patch, w / patch, patch));   // [4, H, W]
        }
        taps.stage(view + ".head");
        ViewOutput out = postprocess.apply(raw, null, h, w);
        taps.stage(view + ".postprocess");
        return out;
    }
}
