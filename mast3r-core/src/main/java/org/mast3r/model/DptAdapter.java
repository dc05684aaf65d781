package org.mast3r.model;

import java.util.List;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.engine.nn.Conv2d;
import org.mast3r.engine.nn.ConvTranspose2d;
import org.mast3r.weights.ModelConfig;

/**
 * The DPT adapter of DUSt3R's dpt head: four hooked token maps reassembled at strides 4, 8, 16 and 32
 * of the image, projected to 256 channels, fused from the deepest up and regressed to
 * (3 + conf) x H x W.
 */
// ref: naver/dust3r 4c24a6e dust3r/heads/dpt_head.py DPTOutputAdapter_fix.forward
final class DptAdapter {
    static final int[] LAYER_DIMS = {96, 192, 384, 768};
    static final int FEATURES = 256;
    static final int LAST_DIM = FEATURES / 2;

    private final Backend backend;
    private final int[] hooks;
    private final int patch;
    // act_postprocess.i: a 1x1 projection, then a resampling to the hook's stride
    private final Conv2d[] project = new Conv2d[4];
    private final ConvTranspose2d upsample4;   // act_postprocess.0.1: x4
    private final ConvTranspose2d upsample2;   // act_postprocess.1.1: x2
    private final Conv2d downsample2;          // act_postprocess.3.1: 3x3 stride 2
    private final Conv2d[] layer_rn = new Conv2d[4];
    private final FusionBlock[] refinenet = new FusionBlock[4];
    private final Conv2d head0;
    private final Conv2d head2;
    private final Conv2d head4;

    DptAdapter(Weights w, ModelConfig c, int outChannels) {
        this.backend = w.backend();
        this.hooks = c.dptHooks();
        this.patch = c.patchSize();
        int[] tokenDims = {c.encEmbedDim(), c.decEmbedDim(), c.decEmbedDim(), c.decEmbedDim()};
        Weights post = w.at("act_postprocess");
        for (int i = 0; i < 4; i++) {
            project[i] = new Conv2d(post.at(i + ".0"), tokenDims[i], LAYER_DIMS[i], 1, 1, 0, true);
            layer_rn[i] = new Conv2d(w.at("scratch.layer" + (i + 1) + "_rn"), LAYER_DIMS[i], FEATURES, 3, 1, 1, false);
            refinenet[i] = new FusionBlock(w.at("scratch.refinenet" + (i + 1)), FEATURES);
        }
        this.upsample4 = new ConvTranspose2d(post.at("0.1"), LAYER_DIMS[0], LAYER_DIMS[0], 4);
        this.upsample2 = new ConvTranspose2d(post.at("1.1"), LAYER_DIMS[1], LAYER_DIMS[1], 2);
        this.downsample2 = new Conv2d(post.at("3.1"), LAYER_DIMS[3], LAYER_DIMS[3], 3, 2, 1, true);
        this.head0 = new Conv2d(w.at("head.0"), FEATURES, LAST_DIM, 3, 1, 1, true);
        this.head2 = new Conv2d(w.at("head.2"), LAST_DIM, LAST_DIM, 3, 1, 1, true);
        this.head4 = new Conv2d(w.at("head.4"), LAST_DIM, outChannels, 1, 1, 0, true);
    }

    /** Whether decout[layer] is one of the hooks. */
    boolean reads(int layer) {
        for (int h : hooks) {
            if (h == layer) return true;
        }
        return false;
    }

    /** decout: the decoder's token list; returns [outChannels, H, W]. */
    Tensor forward(List<Tensor> decout, int h, int w) {
        try (Scope s = backend.scope()) {
            return s.keep(fullResolutionHead(halfResolutionHead(decout, h / patch, w / patch)));   // [outChannels, H, W]
        }
    }

    /** head0(path(0)): [128, H/2, W/2]; the fused paths die here, before the full-resolution maps are made. */
    private Tensor halfResolutionHead(List<Tensor> decout, int gh, int gw) {
        try (Scope s = backend.scope()) {
            return s.keep(head0.forward(path(0, decout, gh, gw)));
        }
    }

    /**
     * refinenet[i](path(i + 1), layer i), the deepest (i = 3) without a path: [256, 8gh / 2^i, 8gw / 2^i], the
     * reference's path_(i+1). Each level owns its layer and the deeper path, so both die as soon as the level has
     * fused them; the layers are still made in hook order before any fusion, as in the reference.
     */
    private Tensor path(int i, List<Tensor> decout, int gh, int gw) {
        try (Scope s = backend.scope()) {
            Tensor layer = layer(i, decout.get(hooks[i]), gh, gw);          // [256, ., .]
            if (i < 3) return s.keep(refinenet[i].forward(path(i + 1, decout, gh, gw), layer));
            // An odd grid makes the deepest path one row/column larger than hook 3 (gh x gw): crop it.
            // ref: naver/dust3r 4c24a6e dust3r/heads/dpt_head.py path_4 = refinenet4(...)[:, :, :H3, :W3]
            return s.keep(backend.crop(refinenet[3].forward(layer, null), 0, gh, gw));   // [256, gh, gw]
        }
    }

    /** layer_rn(resample(project(hook i))): tokens [N, dim] -> [256, gh * 4 / 2^i, gw * 4 / 2^i]. */
    private Tensor layer(int i, Tensor tokens, int gh, int gw) {
        try (Scope s = backend.scope()) {
            Tensor x = project[i].forward(backend.tokensToImage(tokens, gh, gw));   // [dim_i, gh, gw]
            Tensor resampled = switch (i) {
                case 0 -> upsample4.forward(x);      // [96, 4gh, 4gw]
                case 1 -> upsample2.forward(x);      // [192, 2gh, 2gw]
                case 2 -> x;                         // [384, gh, gw]
                default -> downsample2.forward(x);   // [768, ceil(gh/2), ceil(gw/2)]
            };
            return s.keep(layer_rn[i].forward(resampled));
        }
    }

    /** head4(relu(head2(upsample2x(x)))) for x [128, H/2, W/2], by bands (3x3 then 1x1: a reach of one row). */
    private Tensor fullResolutionHead(Tensor x) {
        return UpsampledBands.apply(backend, x, 1, up -> head4.forwardReluInput(head2.forward(up), null));
    }
}
