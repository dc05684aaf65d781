package org.mast3r.model;

import java.util.List;
import org.mast3r.engine.Tensor;

/** A per-view downstream head: the decoder's token list in, the view's dense predictions out. */
interface Head {
    /** decout: [enc_out, dec steps ..., dec_final]; h, w: the view's true image size. */
    ViewOutput forward(List<Tensor> decout, int h, int w, String view, Taps taps);

    /**
     * As {@link #forward}; with {@code points} false a head that also makes descriptors may skip the points and
     * their confidence (null in the output): what a caller that only matches needs. Others make everything.
     */
    default ViewOutput forward(List<Tensor> decout, int h, int w, String view, Taps taps, boolean points) {
        return forward(decout, h, w, view, taps);
    }

    /** Whether {@link #forward} reads decout[layer] of a list whose last index is {@code last}. */
    boolean reads(int layer, int last);
}
