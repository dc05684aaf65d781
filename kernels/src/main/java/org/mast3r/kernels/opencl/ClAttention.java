package org.mast3r.kernels.opencl;


/** attention.cl: flash-style multi-head attention, work-groups of {@link #QUERIES} queries of one head. */
public final class ClAttention {
    /** attention.cl's MAX_D and KB. */
    public static final int MAX_HEAD_DIM = 128;
    private static final int KEY_BLOCK = 32;
    private static final int QUERIES = 32;

    private ClAttention() {}

    /**
     * out[(b*nq + i)*outStride + h*d, +d) = softmax_j(scale * q_i . k_j) v_j for batch item b, head h; q_i is
     * q[qOff + (b*nq + i)*qStride + h*d, +d), k_j and v_j likewise.
     */
    public static void forward(ClContext ctx, ClBuffer q, int qOff, int qStride, ClBuffer k, int kOff, int kStride,
                               ClBuffer v, int vOff, int vStride, ClBuffer out, int outStride,
                               int batch, int nq, int nk, int heads, int headDim, float scale) {
        if (headDim > MAX_HEAD_DIM) {
            throw new UnsupportedOperationException("attention on opencl: head dim " + headDim + " > " + MAX_HEAD_DIM);
        }
        ClLaunch.of(ctx, "attention", "attention").buf(q).i(qOff).i(qStride).buf(k).i(kOff).i(kStride)
                .buf(v).i(vOff).i(vStride).buf(out).i(outStride).i(nq).i(nk).i(headDim).f(scale)
                .local((long) KEY_BLOCK * headDim).local((long) KEY_BLOCK * headDim)
                .run(new long[] {nq, heads, batch}, new long[] {QUERIES, 1, 1});
    }
}
