package org.mast3r.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.MatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "match", mixinStandardHelpOptions = true,
        description = "Match two images: matches.csv, point clouds, pictures and summary.json in --out.")
public final class MatchCommand implements Callable<Integer> {
    @Mixin PairCommandOptions pair;

    @Option(names = "--subsample", paramLabel = "S", defaultValue = "8", description = "Seed grid step of fast matching (default ${DEFAULT-VALUE}).") int subsample;
    @Option(names = "--coarse-to-fine", description = "Match the full-resolution images window by window.") boolean coarseToFine;
    @Option(names = "--max-matches", paramLabel = "K", defaultValue = "0", description = "Keep the K most confident matches (0: all).") int maxMatches;
    @Option(names = "--min-conf", paramLabel = "C", defaultValue = "0", description = "Confidence filter of the point clouds (default ${DEFAULT-VALUE}).") float minConf;
    @Option(names = "--pose", description = "Also write pose.json and cameras.ply (focals estimated).") boolean pose;
    @Option(names = "--glb", description = "Also write scene.glb: both point clouds and cameras (glTF 2.0; pose estimated).") boolean glb;
    @Option(names = "--colmap", paramLabel = "DIR", description = "Also write a COLMAP text model into DIR (pose estimated).") Path colmap;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (subsample < 1 || subsample > 64) throw new BadInputException("--subsample", "must be between 1 and 64");
        if (maxMatches < 0) throw new BadInputException("--max-matches", "must be 0 or more");
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), pair.quiet);
        MatchOptions options = new MatchOptions(pair.size(), subsample, maxMatches, coarseToFine, MatchOptions.DEFAULT_PIXEL_TOL);
        MatchJob.PoseRequest poseRequest = pose ? new MatchJob.PoseRequest(null, null, null, 0) : null;
        new MatchJob(pair.img1, pair.img2, pair.model, pair.config, pair.out, pair.force, minConf, options, pair.device, pair.threads(), poseRequest, true,
                new SceneExports.Request(glb, colmap))
                .run(progress, spec.commandLine().getOut());
        return Main.OK;
    }
}
