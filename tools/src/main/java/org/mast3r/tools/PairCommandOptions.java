package org.mast3r.tools;

import java.nio.file.Path;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.MatchJob;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every command that runs the network on an image pair takes (match, pose): a picocli mixin. */
final class PairCommandOptions {
    @Parameters(index = "0", paramLabel = "IMG1") Path img1;
    @Parameters(index = "1", paramLabel = "IMG2") Path img2;

    @Option(names = "--model", required = true, paramLabel = "CHECKPOINT",
            description = "Checkpoint folder (config.json + model.safetensors), .safetensors file with --config, or .pth.")
    Path model;

    @Option(names = "--config", paramLabel = "FILE", description = "config.json for a bare .safetensors --model.") Path config;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mast3r-out", description = "Output folder (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--size", paramLabel = "512|224", defaultValue = "512", description = "Network input size (default ${DEFAULT-VALUE}).") int size;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).") Integer threads;
    @Option(names = "--device", paramLabel = "cpu|opencl[:N]", defaultValue = "cpu", description = "Where the network runs (default ${DEFAULT-VALUE}).") String device;
    @Option(names = "--force", description = "Write into a non-empty --out.") boolean force;
    @Option(names = "--quiet", description = "No progress on stderr.") boolean quiet;

    /** The checked network size. */
    int size() {
        if (size != 512 && size != 224) throw new BadInputException("--size", "must be 512 or 224, got " + size);
        return size;
    }

    int threads() {
        return Threads.resolve(threads);
    }

    /** Runs {@code job} on the --model, --device and --threads asked, progress on stderr, and prints what it wrote. */
    void run(MatchJob job, CommandSpec spec) {
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), quiet);
        MatchCommand.print(job.loadAndRun(model, config, device, threads(), out, progress), spec.commandLine().getOut());
    }
}
