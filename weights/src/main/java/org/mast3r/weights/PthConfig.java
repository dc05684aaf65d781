package org.mast3r.weights;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The model config of a release .pth: its {@code args.model} constructor string, rewritten the way the
 * release's load_model rewrites it before building the network, then read like a config.json.
 * ref: dust3r/model.py load_model: {@code args = ckpt['args'].model.replace("ManyAR_PatchEmbed", "PatchEmbedDust3R")},
 * then landscape_only=False is added (or replaces landscape_only=True), then {@code eval(args)}; we parse
 * the string with {@link PyLiteral} instead of evaluating it.
 */
final class PthConfig {
    private PthConfig() {}

    static ModelConfig fromArgsModel(String model, String subject) {
        String where = subject + ": args.model";
        PyLiteral.Call call = PyLiteral.parseCall(model.replace("ManyAR_PatchEmbed", "PatchEmbedDust3R"), where);
        ObjectNode kwargs = call.kwargsJson();
        kwargs.put("landscape_only", false);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("model_class", call.name());
        node.set("constructor_kwargs", kwargs);
        return ModelConfig.fromJson(node, where);
    }
}
