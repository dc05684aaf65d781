package org.mast3r.tools;

import java.nio.file.Path;
import org.mast3r.pipeline.MatchJob;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mast3r-out", description = "Output folder (default ${DEFAULT-VALUE}).") Path out;
    @Mixin SharedOptions.Config config;
    @Mixin SharedOptions.Network network;
    @Mixin SharedOptions.Threads threads;
    @Mixin SharedOptions.Force force;
    @Mixin SharedOptions.Quiet quiet;

    /** Runs {@code job} on the --model, --device and --threads asked, progress on stderr, and prints what it wrote. */
    void run(MatchJob job, CommandSpec spec) {
        MatchJob.Result r = job.loadAndRun(model, config.file(), network.device, threads.resolve(), out, quiet.progress(spec));
        MatchCommand.print(r, spec.commandLine().getOut());
    }
}
