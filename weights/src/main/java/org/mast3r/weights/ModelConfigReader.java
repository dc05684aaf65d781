package org.mast3r.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.mast3r.common.BadInputException;

/**
 * Turns config JSON into a checked {@link ModelConfig}. Defaults are those of the reference constructors:
 * ref: croco/models/croco.py CroCoNet.__init__ (img_size 224, patch 16, enc 768/12/12, dec 512/8/16, mlp_ratio 4),
 * dust3r/model.py AsymmetricCroCo3DStereo.__init__ (pts3d, linear, depth ('exp',-inf,inf), conf ('exp',1,inf),
 * landscape_only True, PatchEmbedDust3R), mast3r/model.py AsymmetricMASt3R.__init__ (desc_mode 'norm',
 * two_confs False, desc_conf_mode None -> conf_mode).
 */
final class ModelConfigReader {
    private static final Set<String> MAST3R_KEYS = Set.of("desc_mode", "two_confs", "desc_conf_mode");
    private static final Set<String> PATCH_EMBEDS = Set.of("PatchEmbedDust3R", "ManyAR_PatchEmbed");
    private static final Set<String> DEPTH_KINDS = Set.of("exp", "linear", "square");
    private static final Set<String> CONF_KINDS = Set.of("exp", "sigmoid");

    private final JsonNode kw;
    private final String subject;

    private ModelConfigReader(JsonNode kw, String subject) {
        this.kw = kw;
        this.subject = subject;
    }

    static ModelConfig read(JsonNode node, String subject) {
        if (node == null || !node.isObject()) throw new BadInputException(subject, "config is not a JSON object");
        String declared = null;
        JsonNode kw = node;
        if (node.has("constructor_kwargs")) {
            kw = node.get("constructor_kwargs");
            if (!kw.isObject()) throw new BadInputException(subject, "constructor_kwargs is not an object");
            JsonNode mc = node.get("model_class");
            if (mc != null && mc.isTextual()) declared = mc.textValue();
        }
        return new ModelConfigReader(kw, subject).build(declared);
    }

    private ModelConfig build(String declared) {
        String headType = text("head_type", "linear");
        String outputMode = text("output_mode", "pts3d");
        String modelClass = modelClass(declared, headType, outputMode);
        boolean mast3r = modelClass.equals(ModelConfig.MAST3R);

        int patch = positive("patch_size", 16);
        int[] img = imgSize();
        if (img[0] % patch != 0 || img[1] % patch != 0) {
            bad("img_size " + img[0] + "x" + img[1] + " is not a multiple of patch_size " + patch);
        }
        int encDim = positive("enc_embed_dim", 768), encDepth = positive("enc_depth", 12), encHeads = positive("enc_num_heads", 12);
        int decDim = positive("dec_embed_dim", 512), decDepth = positive("dec_depth", 8), decHeads = positive("dec_num_heads", 16);
        checkHeads("enc", encDim, encHeads);
        checkHeads("dec", decDim, decHeads);
        double mlpRatio = number("mlp_ratio", 4.0);
        if (!(mlpRatio > 0) || Double.isInfinite(mlpRatio) || encDim * mlpRatio > Integer.MAX_VALUE) bad("mlp_ratio " + mlpRatio + " is not a usable positive number");

        int descDim = checkHead(mast3r, headType, outputMode, decDepth);
        ModelConfig.Mode depthMode = mode("depth_mode", new ModelConfig.Mode("exp", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), DEPTH_KINDS, false);
        ModelConfig.Mode confMode = mode("conf_mode", new ModelConfig.Mode("exp", 1, Double.POSITIVE_INFINITY), CONF_KINDS, true);
        ModelConfig.Mode descConfMode = null;
        boolean twoConfs = false;
        String descMode = null;
        if (mast3r) {
            descConfMode = mode("desc_conf_mode", null, CONF_KINDS, true);
            if (descConfMode == null) descConfMode = confMode;
            twoConfs = bool("two_confs", false);
            descMode = text("desc_mode", "norm");
            if (!descMode.equals("norm")) bad("unknown desc_mode " + descMode + " (expected norm)");
        }
        double rope = ropeFreq(text("pos_embed", "cosine"));
        String patchEmbed = text("patch_embed_cls", "PatchEmbedDust3R");
        if (!PATCH_EMBEDS.contains(patchEmbed)) bad("unknown patch_embed_cls " + patchEmbed + " (expected PatchEmbedDust3R or ManyAR_PatchEmbed)");
        boolean landscapeOnly = bool("landscape_only", true);
        return new ModelConfig(modelClass, patch, img[0], img[1], encDim, encDepth, encHeads, decDim, decDepth, decHeads,
                mlpRatio, headType, outputMode, descDim, depthMode, confMode, descConfMode, twoConfs, descMode,
                rope, patchEmbed, landscapeOnly, kw);
    }

    /** The class named by a manifest, else MASt3R when a MASt3R-only argument or head is present. */
    private String modelClass(String declared, String headType, String outputMode) {
        if (declared != null) {
            String simple = declared.substring(declared.lastIndexOf('.') + 1);
            if (!simple.equals(ModelConfig.DUST3R) && !simple.equals(ModelConfig.MAST3R)) {
                bad("unknown model class " + declared + " (expected AsymmetricCroCo3DStereo or AsymmetricMASt3R)");
            }
            return simple;
        }
        for (String k : MAST3R_KEYS) if (kw.has(k)) return ModelConfig.MAST3R;
        if (headType.equals("catmlp+dpt") || outputMode.startsWith("pts3d+desc")) return ModelConfig.MAST3R;
        return ModelConfig.DUST3R;
    }

    /** Which heads each class builds; returns the descriptor size N of "pts3d+descN" (0 for pts3d). */
    private int checkHead(boolean mast3r, String headType, String outputMode, int decDepth) {
        if (!Set.of("linear", "dpt", "catmlp+dpt").contains(headType)) bad("unknown head_type " + headType + " (expected linear, dpt or catmlp+dpt)");
        int descDim = 0;
        if (outputMode.startsWith("pts3d+desc")) {
            String n = outputMode.substring("pts3d+desc".length());
            try {
                descDim = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                descDim = -1;
            }
            if (descDim < 1 || descDim > 4096) bad("unknown output_mode " + outputMode + " (expected pts3d or pts3d+descN)");
        } else if (!outputMode.equals("pts3d")) {
            bad("unknown output_mode " + outputMode + " (expected pts3d or pts3d+descN)");
        }
        // ref: mast3r/catmlp_dpt_head.py mast3r_head_factory builds only catmlp+dpt with pts3d+descN;
        // dust3r/heads/__init__.py head_factory builds linear or dpt with pts3d.
        if (mast3r && !(headType.equals("catmlp+dpt") && descDim > 0)) {
            bad("AsymmetricMASt3R needs head_type catmlp+dpt with output_mode pts3d+descN, not " + headType + " with " + outputMode);
        }
        if (!mast3r && !(headType.equals("linear") || headType.equals("dpt")) || !mast3r && descDim > 0) {
            bad("AsymmetricCroCo3DStereo needs head_type linear or dpt with output_mode pts3d, not " + headType + " with " + outputMode);
        }
        // ref: create_dpt_head / mast3r_head_factory assert net.dec_depth > 9.
        if (!headType.equals("linear") && decDepth <= 9) bad("head_type " + headType + " needs dec_depth >= 10, got " + decDepth);
        return descDim;
    }

    private void checkHeads(String part, int dim, int heads) {
        if (dim % heads != 0) bad(part + "_embed_dim " + dim + " is not divisible by " + part + "_num_heads " + heads);
        // 2D RoPE rotates two halves of the head dim with rotate_half each, so it splits in four.
        if ((dim / heads) % 4 != 0) bad(part + " head dim " + dim / heads + " is not a multiple of 4 (2D RoPE)");
    }

    private int[] imgSize() {
        JsonNode n = kw.get("img_size");
        if (n == null || n.isNull()) return new int[] {224, 224};
        if (n.isIntegralNumber()) {
            int v = intOf("img_size", n);
            return new int[] {v, v};
        }
        if (!n.isArray() || n.size() != 2) bad("img_size must be a number or [H, W]");
        return new int[] {intOf("img_size", n.get(0)), intOf("img_size", n.get(1))};
    }

    private static double ropeFreqOf(String posEmbed) {
        if (!posEmbed.startsWith("RoPE")) return Double.NaN;
        try {
            double f = Double.parseDouble(posEmbed.substring(4));
            return f > 0 && Double.isFinite(f) ? f : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private double ropeFreq(String posEmbed) {
        double f = ropeFreqOf(posEmbed);
        if (Double.isNaN(f)) bad("unsupported pos_embed " + posEmbed + " (expected RoPE<freq>, such as RoPE100)");
        return f;
    }

    private ModelConfig.Mode mode(String key, ModelConfig.Mode dflt, Set<String> kinds, boolean nullable) {
        JsonNode n = kw.get(key);
        if (n == null) return dflt;
        if (n.isNull()) {
            if (nullable) return null;
            bad(key + " must not be null");
        }
        if (!n.isArray() || n.size() != 3 || !n.get(0).isTextual() || !n.get(1).isNumber() || !n.get(2).isNumber()) {
            bad(key + " must be [kind, vmin, vmax]");
        }
        String kind = n.get(0).textValue();
        if (!kinds.contains(kind)) bad(key + " has unknown kind " + kind + " (expected one of " + String.join(", ", kinds.stream().sorted().toList()) + ")");
        double lo = n.get(1).doubleValue(), hi = n.get(2).doubleValue();
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) bad(key + " has an empty range [" + lo + ", " + hi + "]");
        return new ModelConfig.Mode(kind, lo, hi);
    }

    private String text(String key, String dflt) {
        JsonNode n = kw.get(key);
        if (n == null || n.isNull()) return dflt;
        if (!n.isTextual()) bad(key + " must be a string");
        return n.textValue();
    }

    private boolean bool(String key, boolean dflt) {
        JsonNode n = kw.get(key);
        if (n == null || n.isNull()) return dflt;
        if (!n.isBoolean()) bad(key + " must be true or false");
        return n.booleanValue();
    }

    private double number(String key, double dflt) {
        JsonNode n = kw.get(key);
        if (n == null || n.isNull()) return dflt;
        if (!n.isNumber()) bad(key + " must be a number");
        return n.doubleValue();
    }

    private int positive(String key, int dflt) {
        JsonNode n = kw.get(key);
        if (n == null || n.isNull()) return dflt;
        return intOf(key, n);
    }

    /** A positive integer of sane size (a hostile 2^40 would otherwise reach the allocator). */
    private int intOf(String key, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1 || n.intValue() > 1 << 20) {
            bad(key + " must be a positive integer up to 1048576, got " + n);
        }
        return n.intValue();
    }

    private void bad(String problem) {
        throw new BadInputException(subject, problem);
    }
}
