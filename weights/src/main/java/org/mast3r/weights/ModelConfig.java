package org.mast3r.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The constructor arguments of a DUSt3R ({@code AsymmetricCroCo3DStereo}) or MASt3R
 * ({@code AsymmetricMASt3R}) model, with the reference's defaults filled in. {@code raw} is the JSON it
 * was read from (the hub config.json or a manifest's constructor_kwargs).
 *
 * @param descDim    N of "pts3d+descN", 0 for DUSt3R
 * @param confMode   null when the model has no confidence channel
 * @param descConfMode null unless MASt3R (where it defaults to confMode, as set_downstream_head does)
 * @param ropeFreq   100 for "RoPE100"
 */
public record ModelConfig(String modelClass, int patchSize, int imgH, int imgW,
                          int encEmbedDim, int encDepth, int encNumHeads,
                          int decEmbedDim, int decDepth, int decNumHeads, double mlpRatio,
                          String headType, String outputMode, int descDim,
                          Mode depthMode, Mode confMode, Mode descConfMode, boolean twoConfs, String descMode,
                          double ropeFreq, String patchEmbedCls, boolean landscapeOnly, JsonNode raw) {
    public static final String DUST3R = "AsymmetricCroCo3DStereo";
    public static final String MAST3R = "AsymmetricMASt3R";

    /** A post-processing mode such as ('exp', 1, inf): kind and clamp range. */
    public record Mode(String kind, double vmin, double vmax) {}

    /**
     * Reads a config: the hub's config.json, a manifest's constructor_kwargs, or a whole manifest
     * (its model_class and constructor_kwargs). Defects are {@link BadInputException}s naming {@code subject}.
     */
    public static ModelConfig fromJson(JsonNode node, String subject) {
        return ModelConfigReader.read(node, subject);
    }

    public boolean isMast3r() {
        return MAST3R.equals(modelClass);
    }

    public boolean hasConf() {
        return confMode != null;
    }

    public int encHeadDim() {
        return encEmbedDim / encNumHeads;
    }

    public int decHeadDim() {
        return decEmbedDim / decNumHeads;
    }

    public int encMlpDim() {
        return (int) (encEmbedDim * mlpRatio);
    }

    public int decMlpDim() {
        return (int) (decEmbedDim * mlpRatio);
    }

    /**
     * The decoder outputs the DPT head reads, as indices into [encoder output, decoder step 1..d].
     * ref: dust3r/heads/dpt_head.py create_dpt_head, hooks_idx=[0, l2*2//4, l2*3//4, l2].
     */
    public int[] dptHooks() {
        int d = decDepth;
        return new int[] {0, d * 2 / 4, d * 3 / 4, d};
    }

    /** The norm_im2_in_dec flag of CroCo (norm_y in decoder blocks); not a record field, read from raw. */
    public boolean normIm2InDec() {
        JsonNode n = raw == null ? null : raw.get("norm_im2_in_dec");
        return n == null || !n.isBoolean() || n.booleanValue();
    }

    /**
     * config.json as PyTorchModelHubMixin.save_pretrained writes it: the kwargs that were passed plus
     * the defaults of the class's own __init__ signature, keys sorted, indent 2, inf as Infinity.
     */
    public String toJson() {
        Map<String, JsonNode> out = new TreeMap<>();
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (isMast3r()) {
            out.put("desc_mode", f.textNode(descMode));
            out.put("two_confs", f.booleanNode(twoConfs));
            // The signature default is None (resolved to conf_mode later), and None is what gets saved.
            out.put("desc_conf_mode", f.nullNode());
        } else {
            out.put("output_mode", f.textNode(outputMode));
            out.put("head_type", f.textNode(headType));
            out.put("depth_mode", modeNode(depthMode));
            out.put("conf_mode", modeNode(confMode));
            out.put("freeze", f.textNode("none"));
            out.put("landscape_only", f.booleanNode(landscapeOnly));
            out.put("patch_embed_cls", f.textNode(patchEmbedCls));
        }
        if (raw != null) raw.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        ObjectNode obj = f.objectNode();
        out.forEach(obj::set);
        return PyJson.dumps(obj);
    }

    private static JsonNode modeNode(Mode m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (m == null) return f.nullNode();
        return f.arrayNode().add(m.kind()).add(pyNumber(m.vmin())).add(pyNumber(m.vmax()));
    }

    /** Integral finite values print as Python ints (the reference writes ('exp', 1, inf)). */
    private static JsonNode pyNumber(double v) {
        if (Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15) return JsonNodeFactory.instance.numberNode((long) v);
        return JsonNodeFactory.instance.numberNode(v);
    }

    @Override
    public String toString() {
        return modelClass + "(enc " + encEmbedDim + "/" + encDepth + "/" + encNumHeads + ", dec " + decEmbedDim + "/"
                + decDepth + "/" + decNumHeads + ", patch " + patchSize + ", img " + imgH + "x" + imgW + ", "
                + headType + ", " + outputMode + ")";
    }
}
