package org.mast3r.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mast3r.image.PreparedImage;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.pipeline.MatchOptions;
import org.mast3r.pipeline.Matching;
import org.mast3r.pipeline.PairResult;
import org.mast3r.weights.AtomicFiles;
import org.mast3r.weights.BadInputException;
import org.mast3r.weights.Json;
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
    @Option(names = "--max-matches", paramLabel = "K", defaultValue = "0", description = "Keep the K most confident matches (0: all).") int maxMatches;
    @Option(names = "--min-conf", paramLabel = "C", defaultValue = "0", description = "Confidence filter of the point clouds (default ${DEFAULT-VALUE}).") float minConf;
    @Option(names = "--force", description = "Write into a non-empty --out.") boolean force;
    @Option(names = "--quiet", description = "No progress on stderr.") boolean quiet;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (size != 512 && size != 224) throw new BadInputException("--size", "must be 512 or 224, got " + size);
        if (subsample < 1 || subsample > 64) throw new BadInputException("--subsample", "must be between 1 and 64");
        if (maxMatches < 0) throw new BadInputException("--max-matches", "must be 0 or more");
        int nThreads = Threads.resolve(threads);
        PrintWriter stdout = spec.commandLine().getOut();
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), quiet);
        MatchOptions options = new MatchOptions(size, subsample, maxMatches, coarseToFine, MatchOptions.DEFAULT_PIXEL_TOL);
        run(model, config, options, nThreads, progress, stdout);
        return Main.OK;
    }

    /** Shared with demo: load, match, write every file, list them. */
    void run(Path checkpoint, Path configFile, MatchOptions options, int nThreads, ProgressLine progress, PrintWriter stdout) {
        Path dir = OutputDir.prepare(out, force);
        progress.step("loading weights from " + checkpoint);
        try (Mast3r m = Mast3r.load(checkpoint, configFile, nThreads)) {
            progress.step(String.format(Locale.ROOT, "loaded %s (%,d parameters) in %.2f s", m.config().modelClass(),
                    m.checkpoint().parameterCount(), m.loadSeconds()));
            PairResult r = Matching.run(m, img1, img2, options, progress);
            ObjectNode summary = summary(m, r, checkpoint, options);
            MatchOutputs outputs = new MatchOutputs(dir, summary);
            List<String> notes = outputs.writeAll(r, minConf);
            notes.forEach(progress::step);
            summary.putPOJO("notes", notes);
            AtomicFiles.writeString(dir.resolve("summary.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
            stdout.printf(Locale.ROOT, "%d matches; wrote %s%n", r.matches().count(), dir);
            for (String f : outputs.written()) stdout.println("  " + dir.resolve(f));
            stdout.println("  " + dir.resolve("summary.json"));
            stdout.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode summary(Mast3r m, PairResult r, Path checkpoint, MatchOptions options) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("engine", "mast3r-java " + Main.VERSION);
        ObjectNode inputs = s.putObject("inputs");
        input(inputs.putObject("image1"), img1, r.image1());
        input(inputs.putObject("image2"), img2, r.image2());
        ObjectNode model = s.putObject("model");
        model.put("path", checkpoint.toString());
        model.put("class", m.config().modelClass());
        model.put("parameters", m.checkpoint().parameterCount());
        model.put("dtype", m.checkpoint().file() == null ? "F32" : m.checkpoint().file().get(m.checkpoint().file().names().getFirst()).dtype().name());
        ObjectNode opts = s.putObject("options");
        opts.put("size", options.size());
        opts.put("subsample", options.subsample());
        opts.put("coarse_to_fine", options.coarseToFine());
        opts.put("max_matches", options.maxMatches());
        opts.put("min_conf", minConf);
        opts.put("threads", m.threads());
        ObjectNode secs = s.putObject("seconds");
        secs.put("load", m.loadSeconds());
        r.seconds().forEach(secs::put);
        s.put("matches", r.matches().count());
        s.put("crop_pairs", r.cropPairs());
        return s;
    }

    private static void input(ObjectNode n, Path file, PreparedImage img) {
        n.put("path", file.toString());
        n.putArray("original_wh").add(img.originalWidth()).add(img.originalHeight());
        n.putArray("network_wh").add(img.width()).add(img.height());
    }
}
