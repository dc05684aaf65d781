package org.mast3r.model;

import java.util.ArrayList;
import java.util.List;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.engine.nn.Block;
import org.mast3r.engine.nn.LayerNorm;
import org.mast3r.engine.nn.PatchEmbed;
import org.mast3r.weights.ModelConfig;

/** The siamese ViT encoder: patch_embed, enc_blocks (RoPE self-attention), enc_norm. */
// ref: naver/dust3r 4c24a6e dust3r/model.py AsymmetricCroCo3DStereo._encode_image(_pairs)
final class Encoder {
    private final Backend backend;
    private final PatchEmbed patch_embed;
    private final List<Block> enc_blocks = new ArrayList<>();
    private final LayerNorm enc_norm;

    Encoder(Weights w, ModelConfig c) {
        this.backend = w.backend();
        int e = c.encEmbedDim();
        this.patch_embed = new PatchEmbed(w.at("patch_embed"), c.patchSize(), e);
        for (int i = 0; i < c.encDepth(); i++) {
            enc_blocks.add(new Block(w.at("enc_blocks." + i), e, c.encNumHeads(), (int) (e * c.mlpRatio()), c.ropeFreq()));
        }
        this.enc_norm = new LayerNorm(w.at("enc_norm"), e);
    }

    /**
     * Encodes the views; views of one shape run as one batch (as the reference does), others one by
     * one. Returns one [N_i, E] token tensor per view.
     */
    List<Tensor> forward(List<InputImage> views, Taps taps) {
        InputImage a = views.get(0), b = views.get(1);
        int p = patch_embed.patch();
        if (a.height() != b.height() || a.width() != b.width()) {
            return List.of(forwardOne(a, "view1", taps), forwardOne(b, "view2", taps));
        }
        Positions pos = Positions.grid(a.height() / p, a.width() / p);
        int n = pos.tokens();
        try (Scope s = backend.scope()) {
            Tensor out = blocks(embedPair(a, b, pos, taps), pos, 2, List.of("view1", "view2"), taps);   // [2N, E]
            return List.of(s.keep(backend.rows(out, 0, n)), s.keep(backend.rows(out, n, n)));
        }
    }

    /**
     * Encodes one view alone: [N, E]. Gives the rows that {@link #forward} gives this view in a batch of
     * two, bit for bit (every op is row-wise or per batch item, with the same reduction order).
     */
    Tensor forwardOne(InputImage view, String name, Taps taps) {
        Positions pos = Positions.grid(view.height() / patch_embed.patch(), view.width() / patch_embed.patch());
        try (Scope s = backend.scope()) {
            return s.keep(blocks(embed(view, name, pos, taps), pos, 1, List.of(name), taps));
        }
    }

    /** The two views' patch embeddings on top of each other: [2N, E]. */
    private Tensor embedPair(InputImage a, InputImage b, Positions pos, Taps taps) {
        try (Scope s = backend.scope()) {
            return s.keep(backend.concatRows(embed(a, "view1", pos, taps), embed(b, "view2", pos, taps)));
        }
    }

    private Tensor embed(InputImage img, String view, Positions pos, Taps taps) {
        Tensor x;
        try (Scope s = backend.scope()) {
            x = s.keep(patch_embed.forward(backend.upload(img.chw(), 3, img.height(), img.width())));   // [N, E]
        }
        taps.tensor(view + ".patch_embed", x);
        taps.ints(view + ".pos", interleave(pos), pos.tokens(), 2);
        return x;
    }

    /** x: [batch * N, E], run through every block in place; returns enc_norm(x), a new tensor. */
    private Tensor blocks(Tensor x, Positions pos, int batch, List<String> views, Taps taps) {
        for (int i = 0; i < enc_blocks.size(); i++) {
            enc_blocks.get(i).forward(x, pos, batch);
            if (i == 0) tapRows(x, views, "enc_block0", taps);
        }
        Tensor out = enc_norm.forward(x);                                // [batch * N, E]
        tapRows(out, views, "enc_out", taps);
        return out;
    }

    private void tapRows(Tensor x, List<String> views, String name, Taps taps) {
        if (taps == Taps.NONE) return;
        int n = x.dim(0) / views.size();
        for (int v = 0; v < views.size(); v++) taps.tensor(views.get(v) + "." + name, backend.rows(x, v * n, n));
    }

    private static int[] interleave(Positions pos) {
        int[] yx = new int[2 * pos.tokens()];
        for (int t = 0; t < pos.tokens(); t++) {
            yx[2 * t] = pos.y()[t];
            yx[2 * t + 1] = pos.x()[t];
        }
        return yx;
    }
}
