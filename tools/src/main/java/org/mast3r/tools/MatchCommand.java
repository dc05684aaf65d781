package org.mast3r.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mast3r.pipeline.MatchOptions;
import org.mast3r.weights.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "match", mixinStandardHelpOptions = true,
        description = "Match two images: matches.csv, point clouds, pictures and summary.json in --out.")
public final class MatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMG1") Path img1;
    @Parameters(index = "1", paramLabel = "IMG2") Path img2;

    @Option(names = "--model", required = true, paramLabel = "CHECKPOINT",
            description = "Checkpoint folder (config.json + model.safetensors) or .safetensors file with --config.")
    Path model;

    @Option(names = "--config", paramLabel = "FILE", description = "config.json for a bare .safetensors --model.") Path config;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mast3r-out", description = "Output folder (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--size", paramLabel = "512|224", defaultValue = "512", description = "Network input size (default ${DEFAULT-VALUE}).") int size;
    @Option(names = "--subsample", paramLabel = "S", defaultValue = "8", description = "Seed grid step of fast matching (default ${DEFAULT-VALUE}).") int subsample;
    @Option(names = "--coarse-to-fine", description = "Match the full-resolution images window by window.") boolean coarseToFine;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).") Integer threads;
    @Option(names = "--device", paramLabel = "cpu|opencl[:N]", defaultValue = "cpu", description = "Where the network runs (default ${DEFAULT-VALUE}).") String device;
    @Option(names = "--max-matches", paramLabel = "K", defaultValue = "0", description = "Keep the K most confident matches (0: all).") int maxMatches;
    @Option(names = "--min-conf", paramLabel = "C", defaultValue = "0", description = "Confidence filter of the point clouds (default ${DEFAULT-VALUE}).") float minConf;
    @Option(names = "--force", description = "Write into a non-empty --out.") boolean force;
    @Option(names = "--quiet", description = "No progress on stderr.") boolean quiet;
    @Option(names = "--pose", description = "Also write pose.json and cameras.ply (focals estimated).") boolean pose;
    @Option(names = "--glb", description = "Also write scene.glb: both point clouds and cameras (glTF 2.0; pose estimated).") boolean glb;
    @Option(names = "--colmap", paramLabel = "DIR", description = "Also write a COLMAP text model into DIR (pose estimated).") Path colmap;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (size != 512 && size != 224) throw new BadInputException("--size", "must be 512 or 224, got " + size);
        if (subsample < 1 || subsample > 64) throw new BadInputException("--subsample", "must be between 1 and 64");
        if (maxMatches < 0) throw new BadInputException("--max-matches", "must be 0 or more");
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), quiet);
        MatchOptions options = new MatchOptions(size, subsample, maxMatches, coarseToFine, MatchOptions.DEFAULT_PIXEL_TOL);
        MatchJob.PoseRequest poseRequest = pose ? new MatchJob.PoseRequest(null, null, null, 0) : null;
        new MatchJob(img1, img2, model, config, out, force, minConf, options, device, Threads.resolve(threads), poseRequest, true,
                new SceneExports.Request(glb, colmap))
                .run(progress, spec.commandLine().getOut());
        return Main.OK;
    }
}
