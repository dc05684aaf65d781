package org.mast3r.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mast3r.common.BadInputException;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Backends;
import org.mast3r.engine.CheckpointWeights;
import org.mast3r.model.AsymmetricModel;
import org.mast3r.model.InputImage;
import org.mast3r.model.PairOutput;
import org.mast3r.model.ViewOutput;
import org.mast3r.weights.Checkpoint;
import org.mast3r.weights.CheckpointLayout;
import org.mast3r.weights.DType;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.PthReader;
import org.mast3r.weights.Safetensors;
import org.mast3r.weights.StoredTensor;
import org.mast3r.weights.SynthSpec;

/**
 * Model fixtures: a manifest with {@code model_class}, {@code constructor_kwargs} and
 * {@code synth_weights}. Each case file holds the inputs {@code view{1,2}.img} beside every tensor
 * the reference stored; a fixture without {@code cases} names an inputs file and outputs files at its
 * top level (the flagship's layout).
 */
public final class ModelValidator implements FixtureValidator {
    private static final Pattern F16 = Pattern.compile("(?<![a-z])float16");
    private static final Pattern BF16 = Pattern.compile("bfloat16");
    /** Inputs larger than this many pixels are refused: the heads' activations grow with the image. */
    private static final long MAX_PIXELS = 4096L * 4096;

    @Override
    public boolean accepts(JsonNode m) {
        return m.hasNonNull("model_class") && m.hasNonNull("constructor_kwargs");
    }

    @Override
    public void validate(Path dir, JsonNode manifest, ValidateOptions options, Checks checks) {
        ModelConfig config = ModelConfig.fromJson(manifest, dir.resolve("manifest.json").toString());
        TensorCheck rules = TensorCheck.of(new ManifestTolerances(manifest, "recommended_tolerances", dir.resolve("manifest.json").toString()));
        // Every case file is opened and checked before any weights exist: a broken fixture fails in
        // milliseconds, not after gigabytes of synthetic weights.
        for (Case c : cases(dir, manifest, DType.F32)) preflight(c, config.patchSize());
        try (Backend backend = Backends.create(options.device(), options.threads());
             Checkpoint checkpoint = options.weights() == null
                     ? synthetic(config, synthSpec(manifest, dir), options.threads(), dir.resolve("manifest.json"))
                     : openWeights(options.weights(), config)) {
            DType weightsDtype = options.weights() == null ? DType.F32 : weightsDtype(checkpoint);
            checks.note("backend: " + backend.name());
            checks.note("weights: " + (options.weights() == null ? "synthetic (synth-v1)" : options.weights() + " (" + weightsDtype + ")"));
            checks.note(rules.describe());
            AsymmetricModel model = new AsymmetricModel(new CheckpointWeights(checkpoint, backend), config);
            for (Case c : cases(dir, manifest, weightsDtype)) run(c, model, backend, rules, checks);
        }
    }

    /** A checkpoint folder or .pth brings its own config; a bare .safetensors file takes the manifest's. */
    private static Checkpoint openWeights(Path weights, ModelConfig manifestConfig) {
        boolean ownConfig = java.nio.file.Files.isDirectory(weights) || PthReader.isPth(weights);
        return ownConfig ? Checkpoint.open(weights, null) : Checkpoint.openFile(weights, manifestConfig);
    }

    private static void preflight(Case c, int patch) {
        try (Safetensors in = Safetensors.open(c.inputs())) {
            checkedImage(in, "view1.img", patch);
            checkedImage(in, "view2.img", patch);
        }
        for (Path ref : c.references()) {
            try (Safetensors r = Safetensors.open(ref)) {
                r.names();
            }
        }
    }

    /** One forward pass: where its inputs are and which files hold the reference tensors. */
    private record Case(String name, Path inputs, List<Path> references) {}

    private static List<Case> cases(Path dir, JsonNode m, DType weightsDtype) {
        List<Case> out = new ArrayList<>();
        JsonNode cases = m.get("cases");
        if (cases != null && cases.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Path file = dir.resolve(e.getKey());
                Path ref = referenceFor(dir, e.getValue().get("extra_files"), weightsDtype);
                out.add(new Case(stripExtension(e.getKey()), file, List.of(ref == null ? file : ref)));
            }
            return out;
        }
        Path inputs = null;
        List<Path> refs = new ArrayList<>();
        JsonNode input = m.get("input");
        if (input != null) {
            for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (f.endsWith(".safetensors")) inputs = dir.resolve(f);
            }
        }
        for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.endsWith(".safetensors")) refs.add(dir.resolve(f));
        }
        if (inputs == null || refs.isEmpty()) throw new BadInputException(dir.resolve("manifest.json").toString(), "names no cases and no inputs/outputs files");
        out.add(new Case(stripExtension(refs.getFirst().getFileName().toString()), inputs, refs));
        return out;
    }

    /** The extra reference computed with weights of this dtype, if the case lists one. */
    private static Path referenceFor(Path dir, JsonNode extra, DType dtype) {
        if (extra == null || dtype == DType.F32) return null;
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String what = e.getValue().path("what").asText("");
            boolean bf16 = BF16.matcher(what).find();
            boolean f16 = F16.matcher(what).find();
            if ((dtype == DType.BF16 && bf16) || (dtype == DType.F16 && f16 && !bf16)) return dir.resolve(e.getKey());
        }
        return null;
    }

    private static void run(Case c, AsymmetricModel model, Backend backend, TensorCheck rules, Checks checks) {
        try (Safetensors in = Safetensors.open(c.inputs())) {
            int patch = model.config().patchSize();
            InputImage v1 = image(in, "view1.img", patch);
            InputImage v2 = image(in, "view2.img", patch);
            CapturedTensors captured = new CapturedTensors(backend);
            long t0 = System.nanoTime();
            PairOutput out = model.forward(v1, v2, captured);
            checks.note(String.format(java.util.Locale.ROOT, "%s: forward %.2f s", c.name(), (System.nanoTime() - t0) / 1e9));
            putOutputs(captured, "view1", out.view1(), "pts3d");
            putOutputs(captured, "view2", out.view2(), "pts3d_in_other_view");
            for (Path refFile : c.references()) {
                if (!refFile.equals(c.inputs())) checks.note(c.name() + ": reference " + refFile.getFileName());
                try (Safetensors ref = Safetensors.open(refFile)) {
                    for (String name : ref.names()) {
                        if (name.endsWith(".img") || name.endsWith(".true_shape")) continue;
                        StoredTensor t = ref.require(name);
                        TensorCheck.Result r = rules.compare(name, captured.get(name), t);
                        checks.tensor(c.name(), name, r.maxAbs(), r.ratio(), r.pass());
                    }
                }
            }
        }
    }

    private static void putOutputs(CapturedTensors captured, String view, ViewOutput v, String ptsName) {
        captured.put(view + "." + ptsName, v.pts3d());
        if (v.conf() != null) captured.put(view + ".conf", v.conf());
        if (v.desc() != null) captured.put(view + ".desc", v.desc());
        if (v.descConf() != null) captured.put(view + ".desc_conf", v.descConf());
    }

    private static InputImage image(Safetensors file, String key, int patch) {
        StoredTensor t = checkedImage(file, key, patch);
        return new InputImage((int) t.shape()[1], (int) t.shape()[2], t.toFloats());
    }

    /** The tensor {@code key}, a float [3, H, W] image of patch multiples, or a BadInputException naming the file. */
    private static StoredTensor checkedImage(Safetensors file, String key, int patch) {
        StoredTensor t = file.require(key);
        long[] s = t.shape();
        if (TensorCheck.isInteger(t.dtype())) throw new BadInputException(file.file().toString(), key + " is not a float tensor");
        if (s.length != 3 || s[0] != 3) throw new BadInputException(file.file().toString(), key + " is not [3, H, W]");
        if (s[1] <= 0 || s[2] <= 0 || s[1] % patch != 0 || s[2] % patch != 0 || s[1] * s[2] > MAX_PIXELS) {
            throw new BadInputException(file.file().toString(), key + " is " + s[2] + "x" + s[1]
                    + ": width and height must be positive multiples of the patch size " + patch);
        }
        return t;
    }

    /**
     * synth-v1 weights in memory, refused up front when they cannot fit in this machine's memory (a
     * hostile manifest may declare any width or depth).
     */
    private static Checkpoint synthetic(ModelConfig config, SynthSpec spec, int threads, Path manifest) {
        long params = CheckpointLayout.of(config).parameterCount();
        long physical = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        if (params > physical / 4 / 5 * 4) {   // 4 bytes each, within 80 % of the machine
            throw new BadInputException(manifest.toString(), String.format(java.util.Locale.ROOT,
                    "the model has %,d parameters: its synthetic weights need %.1f GB, more than this machine can hold",
                    params, params * 4 / 1e9));
        }
        try {
            return Checkpoint.synthetic(config, spec, threads);
        } catch (OutOfMemoryError e) {
            throw new BadInputException(manifest.toString(), "the synthetic weights do not fit in memory");
        }
    }

    /** The dtype the checkpoint stores its floating-point weights in (the first one found). */
    private static DType weightsDtype(Checkpoint checkpoint) {
        Safetensors f = checkpoint.file();
        for (String name : f.names()) {
            DType d = f.get(name).dtype();
            if (!TensorCheck.isInteger(d)) return d;
        }
        return DType.F32;
    }

    /** synth_weights: g, GAIN and per-tensor GAIN exceptions. */
    static SynthSpec synthSpec(JsonNode m, Path dir) {
        JsonNode s = m.get("synth_weights");
        if (s == null) throw new BadInputException(dir.resolve("manifest.json").toString(), "no synth_weights and no --weights given");
        long g = Long.parseUnsignedLong(s.path("g").asText("0"));
        double gain = s.path("GAIN").asDouble(1.0);
        Map<String, Double> gainFor = new HashMap<>();
        for (JsonNode ex : s.path("exceptions")) {
            for (JsonNode name : ex.path("tensors")) gainFor.put(name.asText(), ex.path("GAIN").asDouble());
        }
        return new SynthSpec(g, gain, gainFor);
    }

    private static String stripExtension(String f) {
        int dot = f.lastIndexOf('.');
        return dot < 0 ? f : f.substring(0, dot);
    }
}
