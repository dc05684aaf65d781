package org.mast3r.model;

import java.util.List;
import org.mast3r.common.BadInputException;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.weights.ModelConfig;

/**
 * DUSt3R's AsymmetricCroCo3DStereo and MASt3R's AsymmetricMASt3R: a siamese encoder, two
 * cross-attending decoders and one head per view. Immutable once built, so one loaded model serves
 * concurrent pairs: each call runs in a scope of its own thread, which owns its activations (taken from the
 * backend's pool) and gives them back when the call returns; only host arrays leave it.
 */
// ref: naver/dust3r 4c24a6e dust3r/model.py AsymmetricCroCo3DStereo.forward
public final class AsymmetricModel {
    private final ModelConfig config;
    private final Backend backend;
    private final Encoder encoder;
    private final Decoder decoder;
    private final Head downstream_head1;
    private final Head downstream_head2;

    public AsymmetricModel(Weights w, ModelConfig c) {
        this.config = c;
        this.backend = w.backend();
        this.encoder = new Encoder(w, c);
        this.decoder = new Decoder(w, c);
        this.downstream_head1 = head(w.at("downstream_head1"), c);
        this.downstream_head2 = head(w.at("downstream_head2"), c);
    }

    private static Head head(Weights w, ModelConfig c) {
        return switch (c.headType()) {
            case "linear" -> new LinearHead(w, c);
            case "dpt" -> new DptHead(w, c);
            case "catmlp+dpt" -> new CatMlpDptHead(w, c);
            default -> throw new BadInputException("head_type", "unsupported head type " + c.headType());
        };
    }

    public ModelConfig config() {
        return config;
    }

    public Backend backend() {
        return backend;
    }

    public PairOutput forward(InputImage view1, InputImage view2) {
        return forward(view1, view2, Taps.NONE);
    }

    /** Runs the pair; view 2's points come out in view 1's frame (pts3d_in_other_view). */
    public PairOutput forward(InputImage view1, InputImage view2, Taps taps) {
        checkSize(view1, "view1");
        checkSize(view2, "view2");
        try (Scope _ = backend.scope()) {
            List<Tensor> enc = encoder.forward(List.of(view1, view2), taps);
            taps.stage("encoder");
            return decode(enc.get(0), view1.height(), view1.width(), enc.get(1), view2.height(), view2.width(), taps, true);
        }
    }

    /**
     * The encoder alone on one view, copied to the host so it can be kept, stored and decoded with any
     * partner later: {@code decode(encode(a), encode(b))} gives the bits of {@code forward(a, b)}.
     */
    public EncodedView encode(InputImage view) {
        checkSize(view, "view");
        try (Scope _ = backend.scope()) {
            float[] tokens = backend.download(encoder.forwardOne(view, "view1", Taps.NONE));   // [N, E]
            return new EncodedView(view.height(), view.width(), config.encEmbedDim(), tokens);
        }
    }

    /** Decoders and heads on two encodings, view 1 first; the encodings are read, never changed or released. */
    public PairOutput decode(EncodedView view1, EncodedView view2) {
        return decode(view1, view2, true);
    }

    /**
     * As {@link #decode(EncodedView, EncodedView)}; with {@code view2Points} false, view 2's head skips its points
     * and confidence where it can (MASt3R's catmlp+dpt: descriptors only), for callers that only match with it.
     */
    public PairOutput decode(EncodedView view1, EncodedView view2, boolean view2Points) {
        try (Scope _ = backend.scope()) {
            Tensor e1 = upload(view1, "view1"), e2 = upload(view2, "view2");   // copies the decoder may drop early
            return decode(e1, view1.height(), view1.width(), e2, view2.height(), view2.width(), Taps.NONE, view2Points);
        }
    }

    /** enc1 [N1, E], enc2 [N2, E]: tensors of the caller's scope, which also owns every decoder layer. */
    private PairOutput decode(Tensor enc1, int h1, int w1, Tensor enc2, int h2, int w2, Taps taps, boolean view2Points) {
        int p = config.patchSize();
        Positions pos1 = Positions.grid(h1 / p, w1 / p);
        Positions pos2 = Positions.grid(h2 / p, w2 / p);
        List<List<Tensor>> dec = decoder.forward(enc1, pos1, enc2, pos2, this::headsRead, taps);
        taps.stage("decoder");
        ViewOutput res1 = downstream_head1.forward(dec.get(0), h1, w1, "view1", taps);
        ViewOutput res2 = downstream_head2.forward(dec.get(1), h2, w2, "view2", taps, view2Points);
        return new PairOutput(res1, res2);
    }

    private Tensor upload(EncodedView v, String view) {
        int p = config.patchSize(), e = config.encEmbedDim();
        if (v.height() % p != 0 || v.width() % p != 0 || v.dim() != e || v.tokenCount() != (v.height() / p) * (v.width() / p)) {
            throw new IllegalArgumentException(view + ": encoding [" + v.tokenCount() + ", " + v.dim() + "] of "
                    + v.width() + "x" + v.height() + " does not fit this model (patch " + p + ", width " + e + ")");
        }
        return backend.upload(v.tokens(), v.tokenCount(), e);
    }

    /** Whether either head reads decoder layer {@code layer} (0 is the encoder's output) of 0..last. */
    private boolean headsRead(int layer, int last) {
        return downstream_head1.reads(layer, last) || downstream_head2.reads(layer, last);
    }

    private void checkSize(InputImage img, String view) {
        int p = config.patchSize();
        if (img.height() % p != 0 || img.width() % p != 0 || img.height() == 0 || img.width() == 0) {
            throw new BadInputException(view, "image size " + img.width() + "x" + img.height() + " is not a positive multiple of the patch size " + p);
        }
    }
}
