package org.mast3r.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.mast3r.pipeline.MatchJob;
import org.mast3r.pipeline.MatchOptions;
import org.mast3r.pipeline.Progress;
import org.mast3r.pipeline.SceneExports;

/**
 * {@code match}: the library's match job on the loaded model, with what {@code mast3r match --pose --glb --colmap}
 * writes (matches.csv, view1/2.ply, pictures, pose.json, cameras.ply, scene.glb, a COLMAP model).
 */
final class MatchRunner implements JobRunner {
    private static final Set<String> KNOWN = Set.of("size", "subsample", "coarse_to_fine", "max_matches", "min_conf");

    @Override
    public void check(FormOptions options, int images) {
        options.allowOnly(KNOWN, "match");
        job(options, List.of(Path.of("1"), Path.of("2")), Path.of("."));
    }

    @Override
    public void run(LoadedModel model, List<Path> images, FormOptions options, Path out, Progress progress) {
        job(options, images, out).run(model.model(), out, progress);
    }

    /** The CLI's defaults (match's --min-conf 0 keeps every point: the page's slider filters), overridden by the form. */
    private static MatchJob job(FormOptions f, List<Path> images, Path out) {
        MatchOptions o = new MatchOptions(f.size(), f.integer("subsample", 8, 1, 64), f.integer("max_matches", 0, 0, Integer.MAX_VALUE),
                f.flag("coarse_to_fine"), MatchOptions.DEFAULT_PIXEL_TOL);
        return new MatchJob(images.get(0), images.get(1), o, f.number("min_conf", 0f), MatchJob.PoseRequest.ESTIMATED, true,
                new SceneExports.Request(true, out.resolve("colmap")), false);
    }
}
