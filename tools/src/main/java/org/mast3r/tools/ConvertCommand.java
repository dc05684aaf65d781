package org.mast3r.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mast3r.common.AtomicFiles;
import org.mast3r.pipeline.OutputDir;
import org.mast3r.weights.Checkpoint;
import org.mast3r.weights.CheckpointLayout;
import org.mast3r.weights.DType;
import org.mast3r.weights.SafetensorsWriter;
import org.mast3r.weights.StoredTensor;
import org.mast3r.weights.SynthTensors;
import org.mast3r.weights.TensorCast;
import org.mast3r.weights.TensorSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mast3r convert}: any checkpoint the engine reads (.pth, .safetensors + --config, HF folder) to an
 * HF folder as save_pretrained lays it out: config.json with the full constructor arguments, and
 * model.safetensors with the layout's kept tensors and the dropped aliases in __metadata__. Tensors are
 * streamed from the mapped input into the mapped output, so the model is never held twice in memory.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a checkpoint (.pth, .safetensors + --config, or folder) to a config.json + model.safetensors folder.")
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Checkpoint: .pth file, .safetensors file (with --config) or folder.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created; must be empty unless --force).")
    Path out;

    @Option(names = "--dtype", paramLabel = "f32|f16|bf16", description = "Stored dtype; narrowing rounds to nearest even (default: keep each tensor's).")
    String dtype;

    @Option(names = "--config", paramLabel = "FILE", description = "config.json for a bare .safetensors file, or to override a folder's or .pth's.")
    Path config;

    @Option(names = "--force", description = "Overwrite a non-empty --out folder.")
    boolean force;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        DType to = dtype == null ? null : SynthWeightsCommand.parseDtype(dtype);
        int nThreads = Threads.resolve(threads);
        PrintWriter pw = spec.commandLine().getOut();
        try (Checkpoint ck = Checkpoint.open(in, config)) {
            OutputDir.prepare(out, force);
            CheckpointLayout layout = CheckpointLayout.of(ck.config());
            List<TensorSpec> tensors = new ArrayList<>();
            for (CheckpointLayout.ParamSpec p : layout.params()) {
                StoredTensor src = ck.stored(p.name());
                DType type = to == null ? src.dtype() : to;
                tensors.add(new TensorSpec(p.name(), type, p.shape(), TensorCast.filler(src, type)));
            }
            long bytes = tensors.stream().mapToLong(TensorSpec::byteSize).sum();
            Path file = out.resolve("model.safetensors");
            pw.printf(Locale.ROOT, "converting %s (%s): %d tensors, %,d parameters -> %s (%,d bytes, %s)%n", in, ck.config(),
                    tensors.size(), layout.parameterCount(), file, bytes, to == null ? "dtypes kept" : to);
            pw.flush();
            long t0 = System.nanoTime();
            SafetensorsWriter.write(file, tensors, SynthTensors.metadata(layout), nThreads);
            AtomicFiles.writeString(out.resolve("config.json"), ck.config().toJson());
            pw.printf(Locale.ROOT, "done in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, out);
        }
        return Main.OK;
    }
}
