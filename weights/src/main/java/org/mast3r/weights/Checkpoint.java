package org.mast3r.weights;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;

/**
 * A model's weights and config: a Hugging Face folder (config.json + model.safetensors), a
 * .safetensors file with a separate config, a release .pth (its own args.model config), or synth-v1
 * weights generated in memory. Checkpoint
 * quirks live here and nowhere else (style.md §2): names are looked up through the aliases of
 * {@code __metadata__}, and a missing {@code dec_blocks2.*} falls back to {@code dec_blocks.*}
 * (dust3r copies dec_blocks when a state dict lacks them).
 */
public final class Checkpoint implements AutoCloseable {
    private final ModelConfig config;
    private final Safetensors file;
    private final Map<String, MemorySegment> synthetic;
    private final Map<String, long[]> syntheticShapes;
    private final Map<String, String> aliases;
    private final Arena arena = Arena.ofShared();
    private final Map<String, MemorySegment> widened = new ConcurrentHashMap<>();
    private final String subject;

    private Checkpoint(ModelConfig config, Safetensors file, Map<String, MemorySegment> synthetic,
                       Map<String, long[]> syntheticShapes, Map<String, String> aliases, String subject) {
        this.config = config;
        this.file = file;
        this.synthetic = synthetic;
        this.syntheticShapes = syntheticShapes;
        this.aliases = aliases;
        this.subject = subject;
    }

    /**
     * Opens a checkpoint folder (config.json + model.safetensors), a .safetensors file or a .pth file;
     * {@code configOrNull} overrides (for a folder or .pth) or supplies (for a .safetensors file) the config.
     * Checks that every tensor of the config's layout is present with its shape and a float dtype.
     */
    public static Checkpoint open(Path folderOrFile, Path configOrNull) {
        String where = folderOrFile.toString();
        Path weights = folderOrFile;
        Path configFile = configOrNull;
        if (Files.isDirectory(folderOrFile)) {
            weights = folderOrFile.resolve("model.safetensors");
            if (!Files.isRegularFile(weights)) throw new BadInputException(where, "no model.safetensors in the folder");
            if (configFile == null) {
                configFile = folderOrFile.resolve("config.json");
                if (!Files.isRegularFile(configFile)) throw new BadInputException(where, "no config.json in the folder: pass --config");
            }
        } else if (!Files.exists(folderOrFile)) {
            throw new BadInputException(where, "no such file or folder");
        } else if (PthReader.isPth(folderOrFile)) {
            return openFile(folderOrFile, configFile == null ? null : ModelConfig.fromJson(Json.read(configFile), configFile.toString()));
        } else if (configFile == null) {
            throw new BadInputException(where, "no config.json: pass --config");
        }
        return openFile(weights, ModelConfig.fromJson(Json.read(configFile), configFile.toString()));
    }

    /**
     * Opens a .safetensors file whose config is already known (a fixture manifest's, say), or a .pth file,
     * whose config comes from its args.model when {@code config} is null.
     */
    public static Checkpoint openFile(Path weights, ModelConfig config) {
        if (Files.isDirectory(weights)) throw new BadInputException(weights.toString(), "is a folder: expected a .safetensors file");
        if (PthReader.isPth(weights)) {
            PthReader.Opened pth = PthReader.open(weights, config);
            return checked(pth.tensors(), pth.config(), weights.toString());
        }
        return checked(Safetensors.open(weights), config, weights.toString());
    }

    private static Checkpoint checked(Safetensors st, ModelConfig config, String subject) {
        try {
            Checkpoint c = new Checkpoint(config, st, null, null, st.metadata(), subject);
            c.checkLayout();
            return c;
        } catch (RuntimeException e) {
            st.close();
            throw e;
        }
    }

    /** synth-v1 weights for every kept tensor of the config's layout, generated off-heap in parallel. */
    public static Checkpoint synthetic(ModelConfig c, SynthSpec s, int threads) {
        CheckpointLayout layout = CheckpointLayout.of(c);
        Map<String, MemorySegment> tensors = new ConcurrentHashMap<>();
        Map<String, long[]> shapes = new ConcurrentHashMap<>();
        Checkpoint ck = new Checkpoint(c, null, tensors, shapes, layout.aliases(), "synthetic weights");
        try {
            for (CheckpointLayout.ParamSpec p : layout.params()) {
                tensors.put(p.name(), ck.arena.allocate(p.elementCount() * 4, 64));
                shapes.put(p.name(), p.shape());
            }
            TensorJobs.forEach(layout.params(), threads, CheckpointLayout.ParamSpec::elementCount,
                    p -> SynthV1.fill(p.name(), p.shape(), s, tensors.get(p.name())));
        } catch (RuntimeException | OutOfMemoryError e) {
            ck.close();
            throw e;
        }
        return ck;
    }

    public ModelConfig config() {
        return config;
    }

    /** The mapped file, or null for synthetic weights. */
    public Safetensors file() {
        return file;
    }

    /** Elements of every stored tensor, each counted once (aliases are not tensors). */
    public long parameterCount() {
        long n = 0;
        if (file != null) {
            for (String name : file.names()) n += file.get(name).elementCount();
        } else {
            for (long[] s : syntheticShapes.values()) n += SynthV1.count(s);
        }
        return n;
    }

    /**
     * The tensor as float32 in native order: the mapped bytes themselves for an aligned F32 tensor,
     * otherwise widened (F16/BF16) or copied once and cached. An empty {@code expectedShape} skips the
     * shape check.
     */
    public MemorySegment float32(String name, long... expectedShape) {
        String stored = checked(name, expectedShape);
        if (file == null) return synthetic.get(stored);
        StoredTensor t = file.get(stored);
        if (t.isZeroCopyF32()) return t.bytes();
        return widened.computeIfAbsent(stored, k -> t.asF32(arena));
    }

    /**
     * The tensor as stored in the file (a view of the mapped bytes, dtype kept: F16/BF16 are not widened),
     * checked like {@link #float32}; null for synthetic weights, which exist only as float32. Backends that
     * widen 16-bit weights as they read them use this to keep a half-size checkpoint half-size in memory.
     */
    public StoredTensor view(String name, long... expectedShape) {
        String stored = checked(name, expectedShape);
        return file == null ? null : file.get(stored);
    }

    /** The stored name of a float tensor with the expected shape (none: any); fails naming the tensor. */
    private String checked(String name, long[] expectedShape) {
        String stored = resolve(name);
        if (stored == null) throw new BadInputException(subject, "missing tensor " + name);
        long[] shape = shapeOf(stored);
        if (expectedShape.length > 0 && !Arrays.equals(shape, expectedShape)) {
            throw new BadInputException(subject, "tensor " + name + " has shape " + Arrays.toString(shape)
                    + ", expected " + Arrays.toString(expectedShape));
        }
        if (file != null && !file.get(stored).dtype().isFloat()) {
            throw new BadInputException(subject, "tensor " + name + " has dtype " + file.get(stored).dtype() + ", expected F32, F16 or BF16");
        }
        return stored;
    }

    /** The stored tensor a layout name resolves to (alias, dec_blocks twin), or null; null for synthetic weights. */
    public StoredTensor stored(String name) {
        String s = file == null ? null : resolve(name);
        return s == null ? null : file.get(s);
    }

    /** The stored name for a requested one: itself, its alias, or the dec_blocks twin of a dec_blocks2 name. */
    String resolve(String name) {
        if (has(name)) return name;
        String alias = aliases.get(name);
        if (alias != null && has(alias)) return alias;
        if (name.startsWith("dec_blocks2.")) return resolve("dec_blocks." + name.substring("dec_blocks2.".length()));
        return null;
    }

    private boolean has(String stored) {
        return file != null ? file.get(stored) != null : synthetic.containsKey(stored);
    }

    private long[] shapeOf(String stored) {
        return file != null ? file.get(stored).shape() : syntheticShapes.get(stored);
    }

    /** Fails on the first layout tensor that is missing, misshapen or not float. */
    private void checkLayout() {
        for (CheckpointLayout.ParamSpec p : CheckpointLayout.of(config).params()) {
            String stored = resolve(p.name());
            if (stored == null) throw new BadInputException(subject, "missing tensor " + p.name() + " (needed by " + config + ")");
            long[] shape = shapeOf(stored);
            if (!Arrays.equals(shape, p.shape())) {
                throw new BadInputException(subject, "tensor " + p.name() + " has shape " + Arrays.toString(shape)
                        + ", expected " + Arrays.toString(p.shape()) + " for " + config);
            }
            DType dt = file.get(stored).dtype();
            if (!dt.isFloat()) throw new BadInputException(subject, "tensor " + p.name() + " has dtype " + dt + ", expected F32, F16 or BF16");
        }
    }

    /** Float32 values of a tensor as a heap array (small tensors, tests). */
    public float[] floats(String name) {
        return float32(name).toArray(ValueLayout.JAVA_FLOAT);
    }

    @Override
    public void close() {
        arena.close();
        if (file != null) file.close();
    }
}
