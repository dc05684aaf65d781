package org.mast3r.scene.run;

import java.nio.file.Path;
import java.util.List;
import org.mast3r.common.BadInputException;
import org.mast3r.scene.align.AlignOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The arguments of {@code mast3r reconstruct} as a picocli mixin, declared once for the two programs that take
 * them: the command line ({@code ./mast3r reconstruct}) and the Spark job's main that spark-submit runs, which
 * must not depend on the command line. Their names, defaults and help are the command's; {@link #options()}
 * turns them into the {@link ReconstructOptions} the job runs with.
 *
 * <p>{@code --config}, {@code --size}, {@code --device} and {@code --threads} read as in the command line's
 * other commands (tools' SharedOptions), where they are declared for those.
 */
public final class ReconstructArguments {
    @Parameters(arity = "1..*", paramLabel = "IMAGES", description = "Image files, or folders (their .png/.jpg/.jpeg files sorted by name).")
    List<Path> images;

    @Option(names = "--model", required = true, paramLabel = "CHECKPOINT",
            description = "MASt3R checkpoint folder (config.json + model.safetensors), .safetensors file with --config, or .pth.")
    Path model;

    @Option(names = "--config", paramLabel = "FILE", description = "config.json for a bare .safetensors --model.") Path config;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mast3r-scene", description = "Output folder (default ${DEFAULT-VALUE}); its pairs/ keeps the pair results for --resume.") Path out;
    @Option(names = "--scene-graph", paramLabel = "complete|swin-K|logwin-K|oneref-I", defaultValue = "complete", description = "Which image pairs run through the network (default ${DEFAULT-VALUE}).") String sceneGraph;
    @Option(names = "--pairs", paramLabel = "FILE", description = "The pairs as a text file, one 'i j' per line (0-based), instead of --scene-graph.") Path pairs;
    @Option(names = "--size", paramLabel = "512|224", defaultValue = "512", description = "Network input size (default ${DEFAULT-VALUE}).") int size;
    @Option(names = "--device", paramLabel = "cpu|opencl[:N]", defaultValue = "cpu", description = "Where the network runs (default ${DEFAULT-VALUE}).") String device;
    @Option(names = "--subsample", paramLabel = "S", defaultValue = "8", description = "Matching grid and anchor stride (default ${DEFAULT-VALUE}).") int subsample;
    @Option(names = "--niter1", paramLabel = "N", defaultValue = "300", description = "Iterations of the coarse (3D matching) stage (default ${DEFAULT-VALUE}).") int niter1;
    @Option(names = "--niter2", paramLabel = "N", defaultValue = "300", description = "Iterations of the fine (2D reprojection) stage (default ${DEFAULT-VALUE}).") int niter2;
    @Option(names = "--lr1", paramLabel = "LR", defaultValue = "0.07", description = "Learning rate of the coarse stage (default ${DEFAULT-VALUE}).") double lr1;
    @Option(names = "--lr2", paramLabel = "LR", defaultValue = "0.01", description = "Learning rate of the fine stage (default ${DEFAULT-VALUE}).") double lr2;
    @Option(names = "--kinematic", paramLabel = "hclust-ward|mst", defaultValue = "hclust-ward", description = "How the kinematic tree is built (default ${DEFAULT-VALUE}).") String kinematic;
    @Option(names = "--shared-intrinsics", description = "One focal and principal point for all images.") boolean sharedIntrinsics;
    @Option(names = "--intrinsics", paramLabel = "FILE", description = "Known intrinsics, original pixels: {\"images\": [{\"file\": NAME or \"index\": I, \"focal\": F, \"cx\": X, \"cy\": Y}]}.") Path intrinsics;
    @Option(names = "--refine-intrinsics", description = "Treat --intrinsics as a starting value, not a constraint.") boolean refineIntrinsics;
    @Option(names = "--poses", paramLabel = "FILE", description = "Known camera-to-world poses (OpenCV axes): {\"images\": [{\"file\": NAME or \"index\": I, \"cam2w\": 4x4}]}.") Path poses;
    @Option(names = "--min-conf", paramLabel = "C", defaultValue = "1.5", description = "Dense points above this confidence go to scene.ply and scene.glb (default ${DEFAULT-VALUE}).") float minConf;
    @Option(names = "--refine", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Bundle adjustment after the alignment (default: on; --no-refine skips it).") boolean refine;
    @Option(names = "--glb", description = "Also write scene.glb: the points and one frustum per camera (glTF 2.0).") boolean glb;
    @Option(names = "--colmap", paramLabel = "DIR", description = "Also write a COLMAP text model into DIR.") Path colmap;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).") Integer threads;
    @Option(names = "--resume", description = "Continue the run in --out: reuse the pairs it stored (same images, checkpoint, size and subsample).") boolean resume;
    @Option(names = "--force", description = "Start over in a non-empty --out (and --colmap).") boolean force;

    /** The options these arguments stand for; a --kinematic or --threads out of range is bad input (the job checks the rest). */
    public ReconstructOptions options() {
        if (threads != null && (threads < 1 || threads > 1024)) throw new BadInputException("--threads", "must be between 1 and 1024");
        return new ReconstructOptions(images, model, config, out, sceneGraph, pairs, size, subsample, niter1, niter2, lr1, lr2,
                kinematic(kinematic), sharedIntrinsics, intrinsics, refineIntrinsics, poses, minConf, refine, glb, colmap,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, device, resume, force);
    }

    static AlignOptions.Kinematic kinematic(String name) {
        return switch (name) {
            case "hclust-ward" -> AlignOptions.Kinematic.HCLUST_WARD;
            case "mst" -> AlignOptions.Kinematic.MST;
            default -> throw new BadInputException("--kinematic", "must be hclust-ward or mst, got " + name);
        };
    }
}
