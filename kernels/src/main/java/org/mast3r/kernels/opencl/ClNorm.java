package org.mast3r.kernels.opencl;


/** layernorm.cl: LayerNorm over the last axis of x [rows, dim]. */
public final class ClNorm {
    /** layernorm.cl's WG. */
    private static final int GROUP = 128;

    private ClNorm() {}

    /** y = (x - mean) / sqrt(var + eps) * gamma + beta per row; gamma / beta may be null (1 / 0). */
    public static void layerNorm(ClContext ctx, ClBuffer x, int rows, int dim, ClBuffer gamma, ClBuffer beta, float eps, ClBuffer y) {
        ClLaunch.of(ctx, "layernorm", "layer_norm").buf(x).buf(y).i(dim)
                .buf(gamma == null ? ctx.none() : gamma).i(gamma == null ? 0 : 1)
                .buf(beta == null ? ctx.none() : beta).i(beta == null ? 0 : 1).f(eps)
                .run(new long[] {(long) rows * GROUP}, new long[] {GROUP});
    }
}
