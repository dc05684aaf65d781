package org.mast3r.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.mast3r.common.Json;
import org.mast3r.image.PreparedImage;

/**
 * summary.json of a {@link MatchJob}: the engine, both inputs (original and network sizes), the model, the
 * options, seconds per stage and the match count. {@link MatchOutputs} and the job add to it as they write.
 */
final class MatchSummary {
    private MatchSummary() {}

    static ObjectNode of(MatchJob job, Mast3r m, PairResult r) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("engine", Mast3r.ENGINE);
        ObjectNode inputs = s.putObject("inputs");
        input(inputs.putObject("image1"), job.image1(), r.image1());
        input(inputs.putObject("image2"), job.image2(), r.image2());
        ObjectNode model = s.putObject("model");
        model.put("path", m.source() == null ? null : m.source().toString());
        model.put("class", m.config().modelClass());
        model.put("parameters", m.checkpoint().parameterCount());
        model.put("dtype", m.checkpoint().file() == null ? "F32" : m.checkpoint().file().get(m.checkpoint().file().names().getFirst()).dtype().name());
        MatchOptions options = job.options();
        ObjectNode opts = s.putObject("options");
        opts.put("size", options.size());
        opts.put("subsample", options.subsample());
        opts.put("coarse_to_fine", options.coarseToFine());
        opts.put("max_matches", options.maxMatches());
        opts.put("min_conf", job.minConf());
        opts.put("threads", m.threads());
        opts.put("device", m.device());
        ObjectNode secs = s.putObject("seconds");
        secs.put("load", m.loadSeconds());
        r.seconds().forEach(secs::put);
        s.put("matches", r.matches().count());
        s.put("crop_pairs", r.cropPairs());
        return s;
    }

    private static void input(ObjectNode n, Path file, PreparedImage img) {
        n.put("path", file.toString());
        n.putArray("original_wh").add(img.originalWidth()).add(img.originalHeight());
        n.putArray("network_wh").add(img.width()).add(img.height());
    }
}
