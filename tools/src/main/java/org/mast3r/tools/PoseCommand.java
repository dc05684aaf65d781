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

@Command(name = "pose", mixinStandardHelpOptions = true,
        description = "Camera 2 in camera 1's frame (metric) from one image pair: pose.json and cameras.ply in --out.")
public final class PoseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMG1") Path img1;
    @Parameters(index = "1", paramLabel = "IMG2") Path img2;

    @Option(names = "--model", required = true, paramLabel = "CHECKPOINT", description = "Checkpoint folder or .safetensors file with --config.") Path model;
    @Option(names = "--config", paramLabel = "FILE", description = "config.json for a bare .safetensors --model.") Path config;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mast3r-out", description = "Output folder (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--focal1", paramLabel = "PX", description = "View 1's focal in its original pixels (default: estimated).") Double focal1;
    @Option(names = "--focal2", paramLabel = "PX", description = "View 2's focal in its original pixels (default: estimated).") Double focal2;
    @Option(names = "--ref-pose", paramLabel = "POSE.json", description = "Camera 1's world pose, to also give camera 2's.") Path refPose;
    @Option(names = "--size", paramLabel = "512|224", defaultValue = "512", description = "Network input size (default ${DEFAULT-VALUE}).") int size;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).") Integer threads;
    @Option(names = "--device", paramLabel = "cpu|opencl[:N]", defaultValue = "cpu", description = "Where the network runs (default ${DEFAULT-VALUE}).") String device;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "RANSAC's random seed (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--force", description = "Write into a non-empty --out.") boolean force;
    @Option(names = "--quiet", description = "No progress on stderr.") boolean quiet;
    @Option(names = "--glb", description = "Also write scene.glb: view 1's and view 2's points and both cameras (glTF 2.0).") boolean glb;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (size != 512 && size != 224) throw new BadInputException("--size", "must be 512 or 224, got " + size);
        checkFocal(focal1, "--focal1");
        checkFocal(focal2, "--focal2");
        MatchOptions options = new MatchOptions(size, 8, 0, false, MatchOptions.DEFAULT_PIXEL_TOL);
        new MatchJob(img1, img2, model, config, out, force, 0f, options, device, Threads.resolve(threads),
                new MatchJob.PoseRequest(focal1, focal2, refPose, seed), false, new SceneExports.Request(glb, null))
                .run(new ProgressLine(spec.commandLine().getErr(), quiet), spec.commandLine().getOut());
        return Main.OK;
    }

    static void checkFocal(Double f, String option) {
        if (f != null && !(f > 0 && Double.isFinite(f))) throw new BadInputException(option, "must be a positive number of pixels");
    }
}
