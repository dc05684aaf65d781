package org.mast3r.spark;

import java.io.Serializable;
import org.mast3r.model.EncodedView;

/** An {@link EncodedView} as stage one hands it to stage two: tokens [N, E] row-major, for height x width. */
record Encoding(int height, int width, int dim, float[] tokens) implements Serializable {
    static Encoding of(EncodedView v) {
        return new Encoding(v.height(), v.width(), v.dim(), v.tokens());
    }

    EncodedView view() {
        return new EncodedView(height, width, dim, tokens);
    }
}
