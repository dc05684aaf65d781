package org.mast3r.model;

import java.util.List;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.engine.nn.Mlp;
import org.mast3r.weights.ModelConfig;

/**
 * MASt3R's catmlp+dpt head: the DPT adapter for points and confidence, plus an MLP on
 * concat(enc_out, dec_final) giving (descDim + two_confs) values per pixel through a pixel shuffle.
 */
// ref: naver/mast3r f5209af mast3r/catmlp_dpt_head.py Cat_MLP_LocalFeatures_DPT_Pts3d.forward
final class CatMlpDptHead implements Head {
    private final Backend backend;
    private final DptAdapter dpt;
    private final Mlp head_local_features;
    private final int patch;
    private final Postprocess postprocess;
    private final boolean twoConfs;

    CatMlpDptHead(Weights w, ModelConfig c) {
        this.backend = w.backend();
        this.patch = c.patchSize();
        this.dpt = new DptAdapter(w.at("dpt"), c, 3 + (c.confMode() == null ? 0 : 1));
        int in = c.encEmbedDim() + c.decEmbedDim();
        int out = (c.descDim() + (c.twoConfs() ? 1 : 0)) * patch * patch;
        this.head_local_features = new Mlp(w.at("head_local_features"), in, 4 * in, out);
        this.postprocess = new Postprocess(c);
        this.twoConfs = c.twoConfs();
    }

    /** The DPT's hooks, and the first and last layers for the descriptor MLP. */
    @Override
    public boolean reads(int layer, int last) {
        return dpt.reads(layer) || layer == 0 || layer == last;
    }

    @Override
    public ViewOutput forward(List<Tensor> decout, int h, int w, String view, Taps taps) {
        return forward(decout, h, w, view, taps, true);
    }

    /** Without {@code points} the DPT (most of the head's time) is skipped: descriptors and desc_conf only. */
    @Override
    public ViewOutput forward(List<Tensor> decout, int h, int w, String view, Taps taps, boolean points) {
        float[] rawDense = null, rawLocal;
        try (Scope _ = backend.scope()) {
            // without two_confs the descriptors' confidence is the points' one, so the DPT must run
            if (points || !twoConfs) {
                Tensor dense = dpt.forward(decout, h, w);                  // [4, H, W]
                taps.tensor(view + ".dpt_raw", dense);
                rawDense = backend.download(dense);
            }
            Tensor cat = backend.concatColumns(decout.getFirst(), decout.getLast());   // [N, E + D]
            Tensor local = head_local_features.forward(cat);               // [N, (desc + 1) p^2]
            taps.tensor(view + ".local_feat_raw", local);
            rawLocal = backend.download(backend.pixelShuffle(local, h / patch, w / patch, patch));   // [desc + 1, H, W]
        }
        taps.stage(view + ".head");
        ViewOutput out = postprocess.apply(rawDense, rawLocal, h, w);
        taps.stage(view + ".postprocess");
        return out;
    }
}
