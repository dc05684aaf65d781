package org.mast3r.tools;

import java.nio.file.Path;
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

@Command(name = "pose", mixinStandardHelpOptions = true,
        description = "Camera 2 in camera 1's frame (metric) from one image pair: pose.json and cameras.ply in --out.")
public final class PoseCommand implements Callable<Integer> {
    @Mixin PairCommandOptions pair;

    @Option(names = "--focal1", paramLabel = "PX", description = "View 1's focal in its original pixels (default: estimated).") Double focal1;
    @Option(names = "--focal2", paramLabel = "PX", description = "View 2's focal in its original pixels (default: estimated).") Double focal2;
    @Option(names = "--ref-pose", paramLabel = "POSE.json", description = "Camera 1's world pose, to also give camera 2's.") Path refPose;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "RANSAC's random seed (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--glb", description = "Also write scene.glb: view 1's and view 2's points and both cameras (glTF 2.0).") boolean glb;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        checkFocal(focal1, "--focal1");
        checkFocal(focal2, "--focal2");
        MatchOptions options = new MatchOptions(pair.size(), 8, 0, false, MatchOptions.DEFAULT_PIXEL_TOL);
        pair.run(new MatchJob(pair.img1, pair.img2, options, 0f, new MatchJob.PoseRequest(focal1, focal2, refPose, seed), false,
                new SceneExports.Request(glb, null), pair.force), spec);
        return Main.OK;
    }

    static void checkFocal(Double f, String option) {
        if (f != null && !(f > 0 && Double.isFinite(f))) throw new BadInputException(option, "must be a positive number of pixels");
    }
}
