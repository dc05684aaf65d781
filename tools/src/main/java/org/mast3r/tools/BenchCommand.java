package org.mast3r.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Backends;
import org.mast3r.engine.CheckpointWeights;
import org.mast3r.engine.KernelProfile;
import org.mast3r.kernels.FmaPeak;
import org.mast3r.kernels.Simd;
import org.mast3r.model.AsymmetricModel;
import org.mast3r.model.InputImage;
import org.mast3r.weights.Checkpoint;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time one pair forward (after a warm-up) per stage, with GFLOP/s, share of the FMA peak and peak memory;"
                + " or, with --matching, fast reciprocal matching on a model's output descriptors.")
public final class BenchCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", description = "Checkpoint folder or .safetensors file.") Path model;
        @Option(names = "--synthetic", paramLabel = "CONFIG.json", description = "Build synth-v1 weights for this config in memory.") Path synthetic;
        @Option(names = "--matching", paramLabel = "OUTPUTS.safetensors",
                description = "Time fast reciprocal NNs (subsample 8, dot) on this file's view1.desc / view2.desc.") Path matching;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;

    @Mixin SharedOptions.Config config;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "512x384", description = "Image size of both views (default ${DEFAULT-VALUE}).")
    String size;

    @Mixin SharedOptions.Threads threads;

    @Mixin SharedOptions.Device device;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Timed runs after the warm-up (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.") Path json;

    @Option(names = "--profile", description = "Add per-kernel totals.") boolean profile;

    @Option(names = "--report", paramLabel = "FILE.svg", description = "Also draw the per-stage times as an SVG bar chart.") Path report;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int nThreads = threads.resolve();
        if (repeat < 1) throw new BadInputException("--repeat", "must be at least 1");
        if (source.matching != null) {
            if (report != null || profile) throw new BadInputException(report != null ? "--report" : "--profile", "applies to a model run, not to --matching");
            BenchMatching.run(source.matching, nThreads, repeat, json, spec.commandLine().getOut());
            return Main.OK;
        }
        int[] wh = parseSize(size);
        PrintWriter out = spec.commandLine().getOut();

        long t0 = System.nanoTime();
        KernelProfile kernels = KernelProfile.recording();
        try (Checkpoint ckpt = openCheckpoint(nThreads); Backend backend = Backends.create(device.device, nThreads, kernels)) {
            AsymmetricModel model = new AsymmetricModel(new CheckpointWeights(ckpt, backend), ckpt.config());
            double loadS = (System.nanoTime() - t0) / 1e9;
            checkPatch(wh, ckpt.config());
            InputImage v1 = randomImage(wh[1], wh[0], 1), v2 = randomImage(wh[1], wh[0], 2);
            out.printf(Locale.ROOT, "model %s, %dx%d, %s, %d thread(s), load %.2f s%n", ckpt.config().modelClass(), wh[0], wh[1], backend.name(), nThreads, loadS);
            out.println("warm-up ...");
            out.flush();
            model.forward(v1, v2);

            List<Double> seconds = new ArrayList<>();
            StageTimer last = null;
            for (int r = 0; r < repeat; r++) {
                kernels.reset();
                StageTimer timer = new StageTimer(kernels);
                long s = System.nanoTime();
                model.forward(v1, v2, timer);
                seconds.add((System.nanoTime() - s) / 1e9);
                last = timer;
                out.printf(Locale.ROOT, "run %d: %.3f s%n", r + 1, seconds.getLast());
                out.flush();
            }
            // Measured after the runs, when the JIT has finished compiling the model and the cores are idle.
            FmaPeak.Result peak = FmaPeak.measure(nThreads);
            BenchReport result = new BenchReport(seconds, loadS, last.stages(), profile ? kernels.totals() : Map.of(), nThreads, peakRssMb(), peak, Simd.CPU);
            result.print(out);
            if (json != null) result.writeJson(json);
            if (report != null) {
                double totalMs = last.stages().values().stream().mapToDouble(StageTimer.Stage::ms).sum();
                BenchSvg.write(report, String.format(Locale.ROOT, "mast3r bench: %s, %dx%d, %d thread(s), total %.1f ms",
                        ckpt.config().modelClass(), wh[0], wh[1], nThreads, totalMs), last.stages());
            }
        }
        return Main.OK;
    }

    private Checkpoint openCheckpoint(int nThreads) {
        if (source.model != null) return Checkpoint.open(source.model, config.file());
        ModelConfig c = ModelConfig.fromJson(Json.read(source.synthetic), source.synthetic.toString());
        return Checkpoint.synthetic(c, SynthSpec.defaults(), nThreads);
    }

    static int[] parseSize(String s) {
        String[] parts = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0]), h = Integer.parseInt(parts[1]);
                if (w > 0 && h > 0 && w <= 8192 && h <= 8192) return new int[] {w, h};
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new BadInputException("--size", "expected WxH such as 512x384, got " + s);
    }

    private static void checkPatch(int[] wh, ModelConfig c) {
        if (wh[0] % c.patchSize() != 0 || wh[1] % c.patchSize() != 0) {
            throw new BadInputException("--size", "width and height must be multiples of the patch size " + c.patchSize());
        }
    }

    /** A deterministic input in the network's range [-1, 1]. */
    private static InputImage randomImage(int h, int w, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] chw = new float[3 * h * w];
        for (int i = 0; i < chw.length; i++) chw[i] = (float) (rng.nextDouble() * 2 - 1);
        return new InputImage(h, w, chw);
    }

    /** The process's peak resident set (VmHWM) in MiB, or -1 where /proc is not available. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
