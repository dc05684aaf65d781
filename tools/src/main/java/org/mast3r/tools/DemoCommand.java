package org.mast3r.tools;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.export.PngFiles;
import org.mast3r.pipeline.MatchJob;
import org.mast3r.pipeline.MatchOptions;
import org.mast3r.pipeline.OutputDir;
import org.mast3r.pipeline.SceneExports;
import org.mast3r.tools.demo.DemoScene;
import org.mast3r.weights.DType;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;
import org.mast3r.weights.SynthTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole pipeline with nothing to download: synthetic flagship weights, two rendered photos, match.")
public final class DemoCommand implements Callable<Integer> {
    /** The released MASt3R_ViTLarge_BaseDecoder_512_catmlpdpt_metric architecture (its training command's kwargs). */
    static final String FLAGSHIP = "/org/mast3r/tools/demo/flagship-config.json";
    /** The last 1x1 conv of each DPT head gets GAIN 0.25, so expm1 keeps synthetic points in a sane range. */
    static final Map<String, Double> HEAD_GAINS = Map.of(
            "downstream_head1.dpt.head.4.weight", 0.25, "downstream_head2.dpt.head.4.weight", 0.25);

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "Output folder (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--cache", paramLabel = "DIR", description = "Where the synthetic checkpoint and images are kept (default ~/.cache/mast3r-java).") Path cache;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).") Integer threads;
    @Option(names = "--force", description = "Write into a non-empty --out.") boolean force;
    @Option(names = "--quiet", description = "No progress on stderr.") boolean quiet;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int nThreads = Threads.resolve(threads);
        PrintWriter stdout = spec.commandLine().getOut();
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), quiet);
        Path root = cache != null ? cache : defaultCache();
        OutputDir.prepare(out, force);     // refuse a non-empty --out before minutes of work
        Path checkpoint = checkpoint(root.resolve("flagship-synth-v1"), nThreads, progress);
        Path[] images = images(root.resolve("demo-images"), progress);
        MatchJob job = new MatchJob(images[0], images[1], MatchOptions.defaults(), 0f, null, true, SceneExports.Request.NONE, true);
        MatchCommand.print(job.loadAndRun(checkpoint, null, "cpu", nThreads, out, progress), stdout);
        stdout.println();
        stdout.println("These weights are synthetic (synth-v1): the pipeline runs end to end, but the geometry and the");
        stdout.println("matches are meaningless. For real results download a released checkpoint, e.g. Hugging Face");
        stdout.println("naver/MASt3R_ViTLarge_BaseDecoder_512_catmlpdpt_metric (config.json + model.safetensors), and run");
        stdout.println("  ./mast3r match IMG1 IMG2 --model <that folder>");
        stdout.flush();
        return Main.OK;
    }

    private static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mast3r-java");
    }

    /** The synthetic flagship checkpoint, written once into a temp folder and renamed into the cache. */
    private static Path checkpoint(Path dir, int threads, ProgressLine progress) throws Exception {
        if (Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("model.safetensors"))) {
            progress.step("reusing synthetic flagship weights in " + dir);
            return dir;
        }
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), ".flagship-");
        progress.step("writing synthetic flagship weights (2.75 GB, once) to " + dir);
        ModelConfig config;
        try (var in = DemoCommand.class.getResourceAsStream(FLAGSHIP)) {
            if (in == null) throw new IllegalStateException("missing resource " + FLAGSHIP);
            config = ModelConfig.fromJson(Json.MAPPER.readTree(in), FLAGSHIP);
        }
        SynthTensors.writeCheckpoint(tmp, config, new SynthSpec(0, 1.0, HEAD_GAINS), DType.F32, threads);
        try {
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new BadInputException(dir.toString(), "exists but is incomplete: delete it and run demo again");
        }
        return dir;
    }

    /** The two rendered photographs, made once. */
    private static Path[] images(Path dir, ProgressLine progress) throws Exception {
        Files.createDirectories(dir);
        Path[] files = {dir.resolve("scene_view0_640x480.png"), dir.resolve("scene_view1_800x600.png")};
        for (int i = 0; i < 2; i++) {
            if (!Files.isRegularFile(files[i])) {
                progress.step("rendering " + files[i]);
                PngFiles.write(files[i], PngFiles.picture(DemoScene.view(i)));
            }
        }
        return files;
    }
}
