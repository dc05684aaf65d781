package org.mast3r.pipeline;

import java.nio.file.Path;
import org.mast3r.engine.Backend;
import org.mast3r.engine.CheckpointWeights;
import org.mast3r.engine.Backends;
import org.mast3r.image.PreparedImage;
import org.mast3r.kernels.Parallel;
import org.mast3r.model.AsymmetricModel;
import org.mast3r.model.EncodedView;
import org.mast3r.model.InputImage;
import org.mast3r.model.PairOutput;
import org.mast3r.weights.Checkpoint;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;

/**
 * A loaded MASt3R or DUSt3R model for embedding: the checkpoint stays memory-mapped, the network is
 * built once, and {@link #infer} / {@link Matching#run} may be called from several threads at once
 * (each call allocates its own activations; the worker team is shared: while one call's loop runs on it, the
 * others run their loops on their own threads).
 *
 * <pre>{@code
 * try (Mast3r model = Mast3r.load(Path.of("MASt3R_ViTLarge_BaseDecoder_512_catmlpdpt_metric"), 2)) {
 *     PairResult r = Matching.run(model, Path.of("a.jpg"), Path.of("b.jpg"), MatchOptions.defaults());
 *     System.out.println(r.matches().count() + " matches");
 * }
 * }</pre>
 */
public final class Mast3r implements AutoCloseable {
    /** The library's release, as summary.json files and {@code mast3r --version} name it. */
    public static final String VERSION = "0.1.0";
    /** The program that wrote a summary.json. */
    public static final String ENGINE = "mast3r-java " + VERSION;

    private final Path source;
    private final String device;
    private final Checkpoint checkpoint;
    private final Backend backend;
    private final Parallel parallel;    // matching's pool, beside the backend's
    private final AsymmetricModel model;
    private final double loadSeconds;

    private Mast3r(Path source, String device, Checkpoint checkpoint, Backend backend, long startNanos) {
        this.source = source;
        this.device = device;
        this.checkpoint = checkpoint;
        this.backend = backend;
        this.parallel = new Parallel(backend.threads());
        this.model = new AsymmetricModel(new CheckpointWeights(checkpoint, backend), checkpoint.config());
        this.loadSeconds = (System.nanoTime() - startNanos) / 1e9;
    }

    /** A checkpoint folder (config.json + model.safetensors), on the CPU with {@code threads} workers. */
    public static Mast3r load(Path checkpoint, int threads) {
        return load(checkpoint, null, threads);
    }

    /** A checkpoint folder or a .safetensors file with its {@code config} (null for a folder). */
    public static Mast3r load(Path checkpoint, Path config, int threads) {
        return load(checkpoint, config, "cpu", threads);
    }

    /** As {@link #load(Path, Path, int)} on {@code device}: {@code cpu} or {@code opencl[:N]}. */
    public static Mast3r load(Path checkpoint, Path config, String device, int threads) {
        return open(checkpoint, () -> Checkpoint.open(checkpoint, config), device, threads);
    }

    /** synth-v1 weights for {@code config}, generated in memory (tests, demos, benchmarks). */
    public static Mast3r synthetic(ModelConfig config, SynthSpec spec, int threads) {
        return synthetic(config, spec, "cpu", threads);
    }

    /** As {@link #synthetic(ModelConfig, SynthSpec, int)} on {@code device}: {@code cpu} or {@code opencl[:N]}. */
    public static Mast3r synthetic(ModelConfig config, SynthSpec spec, String device, int threads) {
        return open(null, () -> Checkpoint.synthetic(config, spec, threads), device, threads);
    }

    private static Mast3r open(Path path, java.util.function.Supplier<Checkpoint> source, String device, int threads) {
        long t0 = System.nanoTime();
        Checkpoint c = source.get();
        try {
            return new Mast3r(path, device, c, Backends.create(device, threads), t0);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public ModelConfig config() {
        return checkpoint.config();
    }

    /** The checkpoint path it was loaded from, as given (null: synthetic weights). */
    public Path source() {
        return source;
    }

    /** The device as named when loading: {@code cpu}, {@code opencl} or {@code opencl:N}. */
    public String device() {
        return device;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** Seconds from opening the checkpoint to a built network. */
    public double loadSeconds() {
        return loadSeconds;
    }

    public int threads() {
        return backend.threads();
    }

    /** The network on two pre-processed images; view 2's points come out in view 1's frame. */
    public PairOutput infer(PreparedImage a, PreparedImage b) {
        return model.forward(input(a), input(b));
    }

    /** The network on two normalised inputs (windows of the fine pass). */
    public PairOutput infer(InputImage a, InputImage b) {
        return model.forward(a, b);
    }

    /**
     * The encoder alone on one pre-processed image, kept on the host: encode each image of a scene once, then
     * {@link #decode} any pair of encodings (the reference's symmetric_inference, one encoder pass per image).
     */
    public EncodedView encode(PreparedImage image) {
        return model.encode(input(image));
    }

    /** {@link #encode(PreparedImage)} of a normalised input. */
    public EncodedView encode(InputImage image) {
        return model.encode(image);
    }

    /**
     * Decoders and heads on two encodings, {@code view1} first: the bits of {@link #infer} on the two images.
     * The encodings are left as they were, so one may serve any number of pairs, from several threads.
     */
    public PairOutput decode(EncodedView view1, EncodedView view2) {
        return model.decode(view1, view2);
    }

    /** As {@link #decode(EncodedView, EncodedView)}; {@code view2Points} false: view 2's descriptors only (see AsymmetricModel). */
    public PairOutput decode(EncodedView view1, EncodedView view2, boolean view2Points) {
        return model.decode(view1, view2, view2Points);
    }

    /** The worker pool matching runs on. */
    public Parallel parallel() {
        return parallel;
    }

    private static InputImage input(PreparedImage p) {
        return new InputImage(p.height(), p.width(), p.normalized());
    }

    @Override
    public void close() {
        parallel.close();
        backend.close();
        checkpoint.close();
    }
}
