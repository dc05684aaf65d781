package org.mast3r.model;

import org.mast3r.engine.Tensor;

/**
 * Receives intermediates by their stable fixture names ({@code view1.enc_block0},
 * {@code view2.dec_block.3}, {@code view1.dpt_raw} ...). {@link #NONE} ignores everything, so the
 * normal path pays one empty call per step.
 */
public interface Taps {
    Taps NONE = new Taps() {
        @Override
        public void tensor(String name, Tensor t) {}

        @Override
        public void ints(String name, int[] values, int... shape) {}
    };

    /** An activation as the backend holds it; copy it if you keep it (it may be updated in place, or reused once dead). */
    void tensor(String name, Tensor t);

    /** Integer data such as token positions. */
    void ints(String name, int[] values, int... shape);

    /** The stage {@code name} (encoder, decoder, view1.head, view1.postprocess ...) just finished. */
    default void stage(String name) {}
}
