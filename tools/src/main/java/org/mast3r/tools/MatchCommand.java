package org.mast3r.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.MatchJob;
import org.mast3r.pipeline.MatchOptions;
import org.mast3r.pipeline.SceneExports;
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
        MatchOptions options = new MatchOptions(pair.size(), subsample, maxMatches, coarseToFine, MatchOptions.DEFAULT_PIXEL_TOL);
        MatchJob job = new MatchJob(pair.img1, pair.img2, options, minConf, pose ? MatchJob.PoseRequest.ESTIMATED : null, true,
                new SceneExports.Request(glb, colmap), pair.force);
        pair.run(job, spec);
        return Main.OK;
    }

    /** What a match job wrote, on stdout: the match count and folder, then one path a line. */
    static void print(MatchJob.Result r, PrintWriter stdout) {
        stdout.printf(Locale.ROOT, "%d matches; wrote %s%n", r.matchCount(), r.out());
        for (String f : r.written()) stdout.println("  " + r.out().resolve(f));
        stdout.flush();
    }
}
