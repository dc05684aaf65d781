package org.mast3r.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.pipeline.OutputDir;
import org.mast3r.weights.CheckpointLayout;
import org.mast3r.weights.DType;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;
import org.mast3r.weights.SynthTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mast3r synth-weights}: a checkpoint folder of synth-v1 weights for any config, laid out as the
 * hub's save_pretrained lays it out (config.json + model.safetensors with only the kept tensors and
 * the aliases in __metadata__), so every loader path can run without downloading gigabytes.
 */
@Command(name = "synth-weights", mixinStandardHelpOptions = true,
        description = "Write a checkpoint folder of synth-v1 weights (../shared/docs/synthetic-weights.md) for a config.")
public final class SynthWeightsCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "CONFIG.json", description = "config.json or a fixture manifest.json.")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created; must be empty unless --force).")
    Path out;

    @Option(names = "--seed", paramLabel = "G", defaultValue = "0", description = "Global seed g, 0 to 2^64-1 (default 0).")
    String seed;

    @Option(names = "--gain", paramLabel = "X", defaultValue = "1.0", description = "GAIN of the fan-in rule (default 1).")
    double gain;

    @Option(names = "--gain-for", paramLabel = "NAME=X", description = "GAIN for one tensor (repeatable).")
    List<String> gainFor = List.of();

    @Option(names = "--dtype", paramLabel = "f32|f16|bf16", defaultValue = "f32", description = "Stored dtype (default f32).")
    String dtype;

    @Option(names = "--force", description = "Overwrite a non-empty --out folder.")
    boolean force;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        DType type = parseDtype(dtype);
        if (!Double.isFinite(gain)) throw new BadInputException("--gain", "must be a finite number, got " + gain);
        long g = SynthSpec.parseSeed(seed, "--seed");
        int nThreads = Threads.resolve(threads);
        ModelConfig cfg = ModelConfig.fromJson(Json.read(config), config.toString());
        CheckpointLayout layout = CheckpointLayout.of(cfg);
        SynthSpec synth = new SynthSpec(g, gain, parseGains(layout));
        OutputDir.prepare(out, force);

        PrintWriter pw = spec.commandLine().getOut();
        long bytes = layout.parameterCount() * type.size();
        pw.printf(Locale.ROOT, "writing %s: %d tensors, %,d parameters, %,d bytes of %s, %d threads%n",
                out.resolve("model.safetensors"), layout.params().size(), layout.parameterCount(), bytes, type, nThreads);
        pw.flush();
        long t0 = System.nanoTime();
        SynthTensors.writeCheckpoint(out, cfg, synth, type, nThreads);
        pw.printf(Locale.ROOT, "done in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, out);
        return Main.OK;
    }

    static DType parseDtype(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "f32" -> DType.F32;
            case "f16" -> DType.F16;
            case "bf16" -> DType.BF16;
            default -> throw new BadInputException("--dtype", "must be f32, f16 or bf16, got " + s);
        };
    }

    /** NAME=X pairs; NAME must be a tensor the layout keeps, X a finite number. */
    private Map<String, Double> parseGains(CheckpointLayout layout) {
        Set<String> names = new HashSet<>();
        layout.params().forEach(p -> names.add(p.name()));
        Map<String, Double> m = new HashMap<>();
        for (String item : gainFor) {
            int eq = item.lastIndexOf('=');
            if (eq <= 0) throw new BadInputException("--gain-for", "expected NAME=X, got " + item);
            String name = item.substring(0, eq);
            double x;
            try {
                x = Double.parseDouble(item.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new BadInputException("--gain-for", "not a number in " + item);
            }
            if (!Double.isFinite(x)) throw new BadInputException("--gain-for", "not a finite number in " + item);
            if (!names.contains(name)) throw new BadInputException("--gain-for", "no tensor named " + name + " in this model");
            m.put(name, x);
        }
        return m;
    }
}
