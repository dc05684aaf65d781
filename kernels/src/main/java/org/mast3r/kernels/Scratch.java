package org.mast3r.kernels;

/**
 * Per-thread reusable float buffers for packing panels and convolution outputs. Kernels run on the caller or on
 * the {@link Parallel} pool's workers; each thread keeps a few slots that only grow, so a model run stops
 * allocating after its first forward. A slot's contents are garbage on entry: callers overwrite what they read.
 */
final class Scratch {
    static final int GEMM_A = 0, GEMM_B = 1, CONV_OUT = 2, ROW = 3, ATTN_K = 4, ATTN_V = 5;
    private static final int SLOTS = 6;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {}

    /** A buffer of at least {@code size} floats owned by the calling thread in {@code slot}. */
    static float[] floats(int slot, int size) {
        float[][] slots = BUFFERS.get();
        if (slots[slot].length < size) slots[slot] = new float[size];
        return slots[slot];
    }
}
