package org.mast3r.model;

import java.util.List;
import org.mast3r.engine.Tensor;

/** A per-view downstream head: the decoder's token list in, the view's dense predictions out. */
interface Head {
    /** decout: [enc_out, dec steps ..., dec_final]; h, w: the view's true image size. */
    ViewOutput forward(List<Tensor> decout, int h, int w, String view, Taps taps);

    /** Whether {@link #forward} reads decout[layer] of a list whose last index is {@code last}. */
    boolean reads(int layer, int last);
}
