package org.mast3r.kernels.opencl;

import org.jocl.cl_mem;

/** layernorm.cl: LayerNorm over the last axis of x [rows, dim]. */
public final class ClNorm {
    /** layernorm.cl's WG. */
    private static final int GROUP = 128;

    private ClNorm() {}

    /** y = (x - mean) / sqrt(var + eps) * gamma + beta per row; gamma / beta may be null (1 / 0). */
    public static void layerNorm(ClContext ctx, cl_mem x, int rows, int dim, cl_mem gamma, cl_mem beta, float eps, cl_mem y) {
        ClLaunch.of(ctx, "layernorm", "layer_norm").mem(x).mem(y).i(dim)
                .mem(gamma == null ? ctx.none() : gamma).i(gamma == null ? 0 : 1)
                .mem(beta == null ? ctx.none() : beta).i(beta == null ? 0 : 1).f(eps)
                .run(new long[] {(long) rows * GROUP}, new long[] {GROUP});
    }
}
