package org.mast3r.model;

import java.util.ArrayList;
import java.util.List;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;
import org.mast3r.engine.nn.DecoderBlock;
import org.mast3r.engine.nn.LayerNorm;
import org.mast3r.engine.nn.Linear;
import org.mast3r.weights.ModelConfig;

/**
 * The two cross-attending decoders. At step i view 1 runs dec_blocks[i] and view 2 dec_blocks2[i],
 * each reading the previous step's outputs of both views. Returns, per view, the list the heads read:
 * [enc_out, step 1, ..., step d-1, dec_norm(step d)] (the decoder_embed output is not in it).
 */
// ref: naver/dust3r 4c24a6e dust3r/model.py AsymmetricCroCo3DStereo._decoder
final class Decoder {
    private final Backend backend;
    private final Linear decoder_embed;
    private final List<DecoderBlock> dec_blocks = new ArrayList<>();
    private final List<DecoderBlock> dec_blocks2 = new ArrayList<>();
    private final LayerNorm dec_norm;

    Decoder(Weights w, ModelConfig c) {
        this.backend = w.backend();
        int d = c.decEmbedDim(), hidden = (int) (d * c.mlpRatio());
        this.decoder_embed = new Linear(w.at("decoder_embed"), c.encEmbedDim(), d);
        for (int i = 0; i < c.decDepth(); i++) {
            dec_blocks.add(new DecoderBlock(w.at("dec_blocks." + i), d, c.decNumHeads(), hidden, c.ropeFreq(), c.normIm2InDec()));
            dec_blocks2.add(new DecoderBlock(w.at("dec_blocks2." + i), d, c.decNumHeads(), hidden, c.ropeFreq(), c.normIm2InDec()));
        }
        this.dec_norm = new LayerNorm(w.at("dec_norm"), d);
    }

    /** Which layers of the output lists are read later: layer, last index -> read. */
    interface Readers {
        boolean reads(int layer, int last);
    }

    /**
     * enc1 [N1, E], enc2 [N2, E] (tensors of the caller's scope) -> two lists of dec_depth + 1 token tensors:
     * [enc, block outputs ..., dec_final], made in the caller's scope. A layer no head reads dies in the step
     * that reads it last, and its entries are null.
     */
    List<List<Tensor>> forward(Tensor enc1, Positions pos1, Tensor enc2, Positions pos2, Readers readers, Taps taps) {
        int last = dec_blocks.size();
        List<Tensor> out1 = new ArrayList<>(), out2 = new ArrayList<>();
        Tensor f1, f2;
        try (Scope step = backend.scope()) {
            if (!readers.reads(0, last)) step.adopt(enc1, enc2);
            f1 = step.keep(decoder_embed.forward(enc1));                 // [N1, D]
            f2 = step.keep(decoder_embed.forward(enc2));                 // [N2, D]
        }
        out1.add(readers.reads(0, last) ? enc1 : null);
        out2.add(readers.reads(0, last) ? enc2 : null);
        taps.tensor("view1.dec_embed", f1);
        taps.tensor("view2.dec_embed", f2);
        for (int i = 0; i < last; i++) {
            try (Scope step = backend.scope()) {
                if (i == 0 || !readers.reads(i, last)) step.adopt(f1, f2);   // the embeddings (i = 0) are in no list
                Tensor n1 = step.keep(dec_blocks.get(i).forward(f1, f2, pos1, pos2));   // [N1, D]
                f2 = step.keep(dec_blocks2.get(i).forward(f2, f1, pos2, pos1));         // [N2, D]
                f1 = n1;
            }
            taps.tensor("view1.dec_block." + i, f1);
            taps.tensor("view2.dec_block." + i, f2);
            if (i + 1 < last) {                                           // layer i + 1 (the last one: its dec_norm below)
                out1.add(readers.reads(i + 1, last) ? f1 : null);
                out2.add(readers.reads(i + 1, last) ? f2 : null);
            }
        }
        try (Scope step = backend.scope()) {
            step.adopt(f1, f2);
            out1.add(step.keep(dec_norm.forward(f1)));                   // [N1, D]
            out2.add(step.keep(dec_norm.forward(f2)));                   // [N2, D]
        }
        taps.tensor("view1.dec_final", out1.getLast());
        taps.tensor("view2.dec_final", out2.getLast());
        return List.of(out1, out2);
    }
}
