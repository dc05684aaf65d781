package org.mast3r.engine;

/**
 * The shape rules of {@link Backend}'s ops, checked once for every backend: each method rejects
 * mismatched operands with an {@link IllegalArgumentException} and returns the output's shape.
 */
final class OpShapes {
    private OpShapes() {}

    /** x [N, in] through w [out, in]: [N, out]. */
    static int[] linear(Tensor x, Param w) {
        if (w.dim(1) != x.dim(1)) throw new IllegalArgumentException(w + " applied to width " + x.dim(1));
        return new int[] {x.dim(0), w.dim(0)};
    }

    /** linear's output, which {@code into} must already have. */
    static void accumulate(Tensor x, Param w, Tensor into) {
        int[] s = linear(x, w);
        if (into.dim(0) != s[0] || into.dim(1) != s[1]) throw new IllegalArgumentException(into + " cannot take " + s[0] + "x" + s[1]);
    }

    /** x [cin, h, w] through w [cout, cin, kh, kw]: [cout, ho, wo]. */
    static int[] conv2d(Tensor x, Param w, int stride, int pad) {
        if (w.dim(1) != x.dim(0)) throw new IllegalArgumentException(w + " applied to " + x.dim(0) + " channels");
        return new int[] {w.dim(0), outSize(x.dim(1), w.dim(2), stride, pad), outSize(x.dim(2), w.dim(3), stride, pad)};
    }

    /** A residual for an op whose output has {@code shape}: it must have that shape too. */
    static Tensor residual(Tensor residual, int[] shape) {
        if (!java.util.Arrays.equals(residual.shape(), shape)) {
            throw new IllegalArgumentException("residual " + residual + " for an output of " + java.util.Arrays.toString(shape));
        }
        return residual;
    }

    /** x [cin, h, w] through w [cin, cout, k, k] with stride k: [cout, h k, w k]. */
    static int[] convTranspose2d(Tensor x, Param w) {
        if (w.dim(0) != x.dim(0)) throw new IllegalArgumentException(w + " applied to " + x.dim(0) + " channels");
        int k = w.dim(2);
        return new int[] {w.dim(1), x.dim(1) * k, x.dim(2) * k};
    }

    /** (size + 2 pad - k) / stride + 1, as PyTorch. */
    static int outSize(int size, int k, int stride, int pad) {
        return (size + 2 * pad - k) / stride + 1;
    }

    /** tokens [gh gw, C]: [C, gh, gw]. */
    static int[] tokensToImage(Tensor x, int gh, int gw) {
        if (x.dim(0) != gh * gw) throw new IllegalArgumentException(x + " is not a " + gh + "x" + gw + " grid");
        return new int[] {x.dim(1), gh, gw};
    }

    /** [Na, C] on top of [Nb, C]: [Na + Nb, C]. */
    static int[] concatRows(Tensor a, Tensor b) {
        if (a.dim(1) != b.dim(1)) throw new IllegalArgumentException(a + " on top of " + b);
        return new int[] {a.dim(0) + b.dim(0), a.dim(1)};
    }

    /** a + b needs the same number of values. */
    static void sameSize(Tensor a, Tensor b) {
        if (a.size() != b.size()) throw new IllegalArgumentException(a + " + " + b);
    }

    /** The [C, h, w] window of x [C, H, W] from row top. */
    static int[] crop(Tensor x, int top, int h, int w) {
        if (top < 0 || h < 0 || w < 0 || top + h > x.dim(1) || w > x.dim(2)) {
            throw new IllegalArgumentException("crop " + h + "x" + w + " at row " + top + " of " + x);
        }
        return new int[] {x.dim(0), h, w};
    }

    /** Rows [top, top + rows) of x [C, H, W] upsampled x2: [C, rows, 2W]. */
    static int[] upsample2xRows(Tensor x, int top, int rows) {
        if (top < 0 || rows < 0 || top + rows > 2 * x.dim(1)) {
            throw new IllegalArgumentException("rows [" + top + ", " + (top + rows) + ") of " + x + " upsampled x2");
        }
        return new int[] {x.dim(0), rows, 2 * x.dim(2)};
    }

    /** Bands [C, h_i, W] of one C and W: [C, sum h_i, W]. */
    static int[] stackRows(java.util.List<Tensor> bands) {
        if (bands.isEmpty()) throw new IllegalArgumentException("no bands to stack");
        Tensor first = bands.getFirst();
        int h = 0;
        for (Tensor b : bands) {
            if (b.rank() != 3 || b.dim(0) != first.dim(0) || b.dim(2) != first.dim(2)) {
                throw new IllegalArgumentException(b + " does not stack under " + first);
            }
            h += b.dim(1);
        }
        return new int[] {first.dim(0), h, first.dim(2)};
    }
}
