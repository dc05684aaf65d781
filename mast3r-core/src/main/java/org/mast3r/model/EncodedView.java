package org.mast3r.model;

/**
 * One image through the encoder alone (patch embed, enc_blocks, enc_norm): {@code tokens} [N, E] row-major on
 * the host, N = (height / p) (width / p), for {@code height x width} (the view's true shape). Decoding pairs
 * from kept encodings costs one encoder pass per image instead of one per pair and view (what the reference's
 * symmetric_inference does for a pair). Immutable by contract: a decode copies it to the backend.
 */
// ref: naver/mast3r f5209af mast3r/cloud_opt/sparse_ga.py symmetric_inference ("compute encoder only once")
public record EncodedView(int height, int width, int dim, float[] tokens) {
    public EncodedView {
        if (height <= 0 || width <= 0 || dim <= 0 || tokens.length % dim != 0) {
            throw new IllegalArgumentException("encoding of " + tokens.length + " floats is not [N, " + dim + "] for " + width + "x" + height);
        }
    }

    /** Tokens N. */
    public int tokenCount() {
        return tokens.length / dim;
    }
}
