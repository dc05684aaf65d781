package org.mast3r.engine.nn;

import org.mast3r.engine.MapWeights;
import org.mast3r.engine.Positions;
import org.mast3r.engine.Reference;

/**
 * CroCo's modules written out in plain double math from architecture.md §3, reading the test
 * checkpoint by the names of croco models/blocks.py. Token matrices are row-major [n, c] double[].
 */
final class ReferenceModules {
    static final double EPS = 1e-6;
    static final double ROPE_BASE = 100;

    private ReferenceModules() {}

    static double[] linear(MapWeights w, double[] x, int n, int in, int out) {
        return Reference.linear(x, n, in, w.values("weight"), w.values("bias"), out);
    }

    static double[] norm(MapWeights w, double[] x, int n, int c) {
        return Reference.layerNorm(x, n, c, w.values("weight"), w.values("bias"), EPS);
    }

    /** fc2(GELU(fc1(x))). */
    static double[] mlp(MapWeights w, double[] x, int n, int in, int hidden, int out) {
        double[] h = Reference.gelu(linear(w.at("fc1"), x, n, in, hidden));
        return linear(w.at("fc2"), h, n, hidden, out);
    }

    /** proj(attention) of each of batch items of n tokens: qkv splits as [q | k | v], RoPE on q and k. */
    static double[] selfAttention(MapWeights w, double[] x, int batch, int n, int c, int heads, Positions pos) {
        int d = c / heads;
        double[] out = new double[batch * n * c];
        for (int b = 0; b < batch; b++) {
            double[] xb = new double[n * c];
            System.arraycopy(x, b * n * c, xb, 0, xb.length);
            double[] qkv = linear(w.at("qkv"), xb, n, c, 3 * c);
            Reference.rope2d(qkv, n, 3 * c, 0, heads, d, pos.y(), pos.x(), ROPE_BASE);
            Reference.rope2d(qkv, n, 3 * c, c, heads, d, pos.y(), pos.x(), ROPE_BASE);
            double[] o = Reference.attention(qkv, 3 * c, 0, qkv, 3 * c, c, qkv, 3 * c, 2 * c, n, n, heads, d, 1 / Math.sqrt(d));
            System.arraycopy(linear(w.at("proj"), o, n, c, c), 0, out, b * n * c, n * c);
        }
        return out;
    }

    /** proj(attention(q = projq x, k = projk y, v = projv y)); RoPE with x's positions on q, y's on k. */
    static double[] crossAttention(MapWeights w, double[] x, int nq, double[] y, int nk, int c, int heads,
                                   Positions xpos, Positions ypos) {
        int d = c / heads;
        double[] q = linear(w.at("projq"), x, nq, c, c);
        double[] k = linear(w.at("projk"), y, nk, c, c);
        double[] v = linear(w.at("projv"), y, nk, c, c);
        Reference.rope2d(q, nq, c, 0, heads, d, xpos.y(), xpos.x(), ROPE_BASE);
        Reference.rope2d(k, nk, c, 0, heads, d, ypos.y(), ypos.x(), ROPE_BASE);
        double[] o = Reference.attention(q, c, 0, k, c, 0, v, c, 0, nq, nk, heads, d, 1 / Math.sqrt(d));
        return linear(w.at("proj"), o, nq, c, c);
    }

    /** Encoder block: x + attn(norm1 x), then + mlp(norm2 x). */
    static double[] block(MapWeights w, double[] x, int batch, int n, int c, int heads, int hidden, Positions pos) {
        int rows = batch * n;
        x = Reference.add(x, selfAttention(w.at("attn"), norm(w.at("norm1"), x, rows, c), batch, n, c, heads, pos));
        return Reference.add(x, mlp(w.at("mlp"), norm(w.at("norm2"), x, rows, c), rows, c, hidden, c));
    }

    /** Decoder block: self-attention, cross-attention to norm_y(y) (or y), MLP; each pre-normed, residual. */
    static double[] decoderBlock(MapWeights w, double[] x, int n, double[] y, int m, int c, int heads, int hidden,
                                 Positions xpos, Positions ypos, boolean normY) {
        x = Reference.add(x, selfAttention(w.at("attn"), norm(w.at("norm1"), x, n, c), 1, n, c, heads, xpos));
        double[] yn = normY ? norm(w.at("norm_y"), y, m, c) : y;
        x = Reference.add(x, crossAttention(w.at("cross_attn"), norm(w.at("norm2"), x, n, c), n, yn, m, c, heads, xpos, ypos));
        return Reference.add(x, mlp(w.at("mlp"), norm(w.at("norm3"), x, n, c), n, c, hidden, c));
    }
}
