package org.mast3r.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.graph.PairGraph;
import org.mast3r.scene.run.ReconstructOptions;
import org.mast3r.scene.run.ReconstructionJob;

/** {@code reconstruct}: the scene library's job on the loaded model, with scene.glb and a COLMAP model always on. */
final class ReconstructRunner implements JobRunner {
    private static final Set<String> KNOWN = Set.of("scene_graph", "size", "subsample", "niter1", "niter2", "min_conf", "refine");

    @Override
    public void check(FormOptions options, int images) {
        options.allowOnly(KNOWN, "reconstruct");
        settings(options, List.of(), null, Path.of("."));
        try {
            PairGraph.pairs(options.text("scene_graph", "complete"), images);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("scene_graph", e.getMessage());
        }
    }

    @Override
    public void run(LoadedModel model, List<Path> images, FormOptions options, Path out, Progress progress) {
        new ReconstructionJob(settings(options, images, model, out), Mast3r.ENGINE).run(model.model(), progress, progress::step);
    }

    /** The CLI's defaults, overridden by the form; {@code model} null while only checking. */
    private static ReconstructOptions settings(FormOptions f, List<Path> images, LoadedModel model, Path out) {
        ReconstructOptions.Builder b = ReconstructOptions.builder(images, model == null ? Path.of(".") : model.checkpoint())
                .out(out)
                .sceneGraph(f.text("scene_graph", "complete"))
                .size(f.size())
                .subsample(f.integer("subsample", 8, 1, 64))
                .niter1(f.integer("niter1", 300, 0, 100_000))
                .niter2(f.integer("niter2", 300, 0, 100_000))
                .minConf(f.number("min_conf", 1.5f))
                .refine(f.values().containsKey("refine") ? f.flag("refine") : true)
                .glb(true)
                .colmap(out.resolve("colmap"));
        if (model != null) b.config(model.config()).device(model.device()).threads(model.model().threads());
        return b.build();
    }
}
