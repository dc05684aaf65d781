package org.mast3r.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.scene.validate.MultiviewValidator;
import org.mast3r.validate.CheckLines;
import org.mast3r.validate.FixtureValidator;
import org.mast3r.validate.GeometryValidator;
import org.mast3r.validate.ModelValidator;
import org.mast3r.validate.PreprocessValidator;
import org.mast3r.validate.SynthCheckValidator;
import org.mast3r.validate.ValidateOptions;
import org.mast3r.validate.spec.SpecCaseValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Run a reference fixture folder and compare every stored tensor (exit 1 on any failure).")
public final class ValidateCommand implements Callable<Integer> {
    /** The fixture kinds, asked in order; the first that accepts the manifest runs it. */
    private static final List<FixtureValidator> VALIDATORS = List.of(
            new SynthCheckValidator(),
            new ModelValidator(),
            new PreprocessValidator(),
            new GeometryValidator(),
            new MultiviewValidator(),
            SpecCaseValidator.standard()
    );

    @Parameters(index = "0", paramLabel = "FIXTURE_DIR", description = "Folder with a manifest.json.")
    Path dir;

    @Mixin SharedOptions.Threads threads;

    @Option(names = "--weights", paramLabel = "PATH",
            description = "Checkpoint folder or .safetensors file to use instead of synthetic weights.")
    Path weights;

    @Mixin SharedOptions.Device device;

    @Option(names = "--refine", description = "multiview: also run the bundle adjustment and print its errors against the ground truth.")
    boolean refine;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isDirectory(dir)) throw new BadInputException(dir.toString(), "not a folder");
        if (!Files.isRegularFile(manifestFile)) throw new BadInputException(manifestFile.toString(), "no manifest.json in the folder");
        JsonNode manifest = Json.read(manifestFile);
        if (!manifest.isObject()) throw new BadInputException(manifestFile.toString(), "manifest is not a JSON object");
        FixtureValidator validator = VALIDATORS.stream().filter(v -> v.accepts(manifest)).findFirst()
                .orElseThrow(() -> new BadInputException(manifestFile.toString(), "unknown fixture kind"));
        PrintWriter out = spec.commandLine().getOut();
        CheckLines lines = new CheckLines(line -> {
            out.println(line);
            out.flush();
        });
        validator.validate(dir, manifest, new ValidateOptions(threads.resolve(), weights, device.device, refine), lines);
        out.println(lines.summary());
        out.flush();
        return lines.failed() == 0 ? Main.OK : Main.CHECK_FAILED;
    }
}
