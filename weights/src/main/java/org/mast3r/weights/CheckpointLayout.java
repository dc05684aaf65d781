package org.mast3r.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor the Hugging Face writer keeps for a config, in state_dict order, and the names it drops
 * because they alias a kept tensor. Derived from the module trees of the reference:
 * ref: croco/models/croco.py (CroCoNet: mask_token, patch_embed, enc_blocks, enc_norm, decoder_embed,
 * dec_blocks, dec_norm), croco/models/blocks.py (Block, DecoderBlock, Attention, CrossAttention, Mlp),
 * dust3r/model.py (dec_blocks2 = deepcopy(dec_blocks), downstream_head1/2), dust3r/heads/linear_head.py,
 * dust3r/heads/dpt_head.py + croco/models/dpt_block.py (DPT), mast3r/catmlp_dpt_head.py (head_local_features).
 * state_dict lists a module's own parameters before its children, so mask_token comes first.
 */
public final class CheckpointLayout {
    /** One stored tensor: its state_dict name and shape. */
    public record ParamSpec(String name, long[] shape) {
        public long elementCount() {
            return SynthV1.count(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    // ref: croco/models/dpt_block.py DPTOutputAdapter: layer_dims [96, 192, 384, 768], feature_dim 256;
    // dust3r's create_dpt_head sets last_dim = feature_dim // 2.
    private static final long[] LAYER_DIMS = {96, 192, 384, 768};
    private static final long FEATURES = 256;
    private static final long LAST_DIM = FEATURES / 2;

    private final List<ParamSpec> params = new ArrayList<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    private CheckpointLayout() {}

    public static CheckpointLayout of(ModelConfig c) {
        CheckpointLayout l = new CheckpointLayout();
        long e = c.encEmbedDim(), d = c.decEmbedDim(), p = c.patchSize();
        l.add("mask_token", 1, 1, d);
        l.add("patch_embed.proj.weight", e, 3, p, p);
        l.add("patch_embed.proj.bias", e);
        for (int i = 0; i < c.encDepth(); i++) l.encoderBlock("enc_blocks." + i + ".", e, c.encMlpDim());
        l.norm("enc_norm", e);
        l.linear("decoder_embed", d, e);
        for (int i = 0; i < c.decDepth(); i++) l.decoderBlock("dec_blocks." + i + ".", d, c.decMlpDim(), c.normIm2InDec());
        l.norm("dec_norm", d);
        for (int i = 0; i < c.decDepth(); i++) l.decoderBlock("dec_blocks2." + i + ".", d, c.decMlpDim(), c.normIm2InDec());
        for (int h = 1; h <= 2; h++) l.head("downstream_head" + h + ".", c);
        return l;
    }

    /** Kept tensors in state_dict order (the file itself is sorted by name). */
    public List<ParamSpec> params() {
        return Collections.unmodifiableList(params);
    }

    /** Dropped name -> kept name, as the writer records them in __metadata__. */
    public Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    public long parameterCount() {
        long n = 0;
        for (ParamSpec s : params) n += s.elementCount();
        return n;
    }

    private void add(String name, long... shape) {
        params.add(new ParamSpec(name, shape));
    }

    private void norm(String prefix, long dim) {
        add(prefix + ".weight", dim);
        add(prefix + ".bias", dim);
    }

    /** nn.Linear(in, out): weight [out, in], bias [out]. */
    private void linear(String prefix, long out, long in) {
        add(prefix + ".weight", out, in);
        add(prefix + ".bias", out);
    }

    /** nn.Conv2d(in, out, k): weight [out, in, k, k]; ConvTranspose2d stores [in, out, k, k]. */
    private void conv(String prefix, long out, long in, long k, boolean bias) {
        add(prefix + ".weight", out, in, k, k);
        if (bias) add(prefix + ".bias", out);
    }

    private void encoderBlock(String b, long dim, long hidden) {
        norm(b + "norm1", dim);
        linear(b + "attn.qkv", 3 * dim, dim);
        linear(b + "attn.proj", dim, dim);
        norm(b + "norm2", dim);
        linear(b + "mlp.fc1", hidden, dim);
        linear(b + "mlp.fc2", dim, hidden);
    }

    /** DecoderBlock registers norm1, attn, cross_attn, norm2, norm3, mlp, norm_y (when norm_mem). */
    private void decoderBlock(String b, long dim, long hidden, boolean normY) {
        norm(b + "norm1", dim);
        linear(b + "attn.qkv", 3 * dim, dim);
        linear(b + "attn.proj", dim, dim);
        for (String proj : new String[] {"projq", "projk", "projv", "proj"}) linear(b + "cross_attn." + proj, dim, dim);
        norm(b + "norm2", dim);
        norm(b + "norm3", dim);
        linear(b + "mlp.fc1", hidden, dim);
        linear(b + "mlp.fc2", dim, hidden);
        if (normY) norm(b + "norm_y", dim);
    }

    private void head(String h, ModelConfig c) {
        long p = c.patchSize(), channels = 3 + (c.hasConf() ? 1 : 0);
        if (c.headType().equals("linear")) {
            // ref: dust3r/heads/linear_head.py LinearPts3d.proj = Linear(dec_embed_dim, (3 + has_conf) * p^2)
            linear(h + "proj", channels * p * p, c.decEmbedDim());
            return;
        }
        dpt(h + "dpt.", c.encEmbedDim(), c.decEmbedDim(), channels);
        if (c.headType().equals("catmlp+dpt")) {
            // ref: mast3r/catmlp_dpt_head.py: Mlp(E + D -> 4(E + D) -> (desc_dim + two_confs) * p^2)
            long in = c.encEmbedDim() + c.decEmbedDim(), hidden = (long) (4.0 * in);
            long out = (c.descDim() + (c.twoConfs() ? 1 : 0)) * p * p;
            linear(h + "head_local_features.fc1", hidden, in);
            linear(h + "head_local_features.fc2", out, hidden);
        }
    }

    /** DPTOutputAdapter_fix: scratch (layerN_rn, layer_rn aliases, refinenets), head, act_postprocess. */
    private void dpt(String t, long encDim, long decDim, long channels) {
        for (int i = 0; i < 4; i++) conv(t + "scratch.layer" + (i + 1) + "_rn", FEATURES, LAYER_DIMS[i], 3, false);
        // make_scratch also lists the four convs in the ModuleList layer_rn; the writer keeps the
        // alphabetically first name ("layer1_rn" < "layer_rn") and records the other as an alias.
        for (int i = 0; i < 4; i++) aliases.put(t + "scratch.layer_rn." + i + ".weight", t + "scratch.layer" + (i + 1) + "_rn.weight");
        for (int r = 1; r <= 4; r++) {
            String f = t + "scratch.refinenet" + r + ".";
            conv(f + "out_conv", FEATURES, FEATURES, 1, true);
            for (int u = 1; u <= 2; u++) {
                conv(f + "resConfUnit" + u + ".conv1", FEATURES, FEATURES, 3, true);
                conv(f + "resConfUnit" + u + ".conv2", FEATURES, FEATURES, 3, true);
            }
        }
        conv(t + "head.0", LAST_DIM, FEATURES, 3, true);
        conv(t + "head.2", LAST_DIM, LAST_DIM, 3, true);
        conv(t + "head.4", channels, LAST_DIM, 1, true);
        long[] tokenDims = {encDim, decDim, decDim, decDim};
        for (int i = 0; i < 4; i++) {
            String a = t + "act_postprocess." + i + ".";
            conv(a + "0", LAYER_DIMS[i], tokenDims[i], 1, true);
            // hook 0: ConvTranspose 4x4/s4, hook 1: ConvTranspose 2x2/s2, hook 2: none, hook 3: Conv 3x3/s2.
            if (i == 0) conv(a + "1", LAYER_DIMS[0], LAYER_DIMS[0], 4, true);
            if (i == 1) conv(a + "1", LAYER_DIMS[1], LAYER_DIMS[1], 2, true);
            if (i == 3) conv(a + "1", LAYER_DIMS[3], LAYER_DIMS[3], 3, true);
        }
    }
}
