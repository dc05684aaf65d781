package org.mast3r.tools;

import java.nio.file.Path;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.OutputDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options several commands take, each declared once as a picocli mixin ({@code @Mixin SharedOptions.Threads
 * threads;}), so its name, default and help read the same everywhere.
 */
final class SharedOptions {
    private SharedOptions() {}

    /** {@code --threads}: bench, convert, demo, match, pose, synth-weights, validate (reconstruct: ReconstructArguments). */
    static final class Threads {
        @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).") Integer threads;

        /** The checked count; all cores when not given. */
        int resolve() {
            if (threads == null) return Runtime.getRuntime().availableProcessors();
            if (threads < 1 || threads > 1024) throw new BadInputException("--threads", "must be between 1 and 1024");
            return threads;
        }
    }

    /** {@code --config}: bench, match, pose (reconstruct: ReconstructArguments). */
    static final class Config {
        @Option(names = "--config", paramLabel = "FILE", description = "config.json for a bare .safetensors --model.") Path config;

        /** The file, or null for a checkpoint that brings its own. */
        Path file() {
            return config;
        }
    }

    /** {@code --size} and {@code --device} of match and pose (reconstruct: ReconstructArguments). */
    static final class Network {
        @Option(names = "--size", paramLabel = "512|224", defaultValue = "512", description = "Network input size (default ${DEFAULT-VALUE}).") int size;
        @Option(names = "--device", paramLabel = "cpu|opencl[:N]", defaultValue = "cpu", description = "Where the network runs (default ${DEFAULT-VALUE}).") String device;

        /** The checked network size. */
        int size() {
            if (size != 512 && size != 224) throw new BadInputException("--size", "must be 512 or 224, got " + size);
            return size;
        }
    }

    /** {@code --quiet} and the progress it silences: demo, match, pose, reconstruct. */
    static final class Quiet {
        @Option(names = "--quiet", description = "No progress on stderr.") boolean quiet;

        ProgressLine progress(CommandSpec spec) {
            return new ProgressLine(spec.commandLine().getErr(), quiet);
        }
    }

    /** {@code --device} of the commands that build a model for a check or a measurement: bench, validate. */
    static final class Device {
        @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu",
                description = "cpu or opencl[:N] (see mast3r devices; default ${DEFAULT-VALUE}).") String device;
    }

    /** {@code --out} and {@code --force} of the commands that write a checkpoint folder: convert, synth-weights. */
    static final class CheckpointOut {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created; must be empty unless --force).")
        Path out;
        @Option(names = "--force", description = "Overwrite a non-empty --out folder.") boolean force;

        /** The folder, created; a non-empty one without --force is bad input. */
        Path prepare() {
            return OutputDir.prepare(out, force);
        }
    }

    /** {@code --force} of the commands that write a folder of results: demo, match, pose. */
    static final class Force {
        @Option(names = "--force", description = "Write into a non-empty --out.") boolean force;
    }
}
