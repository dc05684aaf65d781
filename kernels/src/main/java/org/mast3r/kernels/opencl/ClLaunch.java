package org.mast3r.kernels.opencl;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

/**
 * Gathers a kernel's arguments in order, then sets them and enqueues it as one step (see {@link ClKernel}):
 * {@code ClLaunch.of(ctx, "gemm", "gemm").buf(a).i(n).f(scale).run(global, local)}. A launch belongs to
 * the thread that builds it; any number of threads may build launches of the same kernel at once.
 * Global sizes are rounded up to multiples of the local size; kernels guard their own tails.
 */
public final class ClLaunch {
    private final ClContext ctx;
    private final ClKernel kernel;
    private final List<ClKernel.Arg> args = new ArrayList<>();
    private final List<ClBuffer> keep = new ArrayList<>();

    private ClLaunch(ClContext ctx, ClKernel kernel) {
        this.ctx = ctx;
        this.kernel = kernel;
    }

    public static ClLaunch of(ClContext ctx, String family, String name) {
        return new ClLaunch(ctx, ctx.kernel(family, name));
    }

    /** A buffer argument; the wrapper stays reachable (so its cleaner cannot run) until the enqueue. */
    public ClLaunch buf(ClBuffer b) {
        cl_mem m = b.mem();
        keep.add(b);
        args.add((k, i) -> CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m)));
        return this;
    }

    public ClLaunch i(long v) {
        int value = Math.toIntExact(v);
        args.add((k, i) -> CL.clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {value})));
        return this;
    }

    public ClLaunch f(float v) {
        args.add((k, i) -> CL.clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {v})));
        return this;
    }

    /** A __local float array of n values. */
    public ClLaunch local(long floats) {
        args.add((k, i) -> CL.clSetKernelArg(k, i, floats * Sizeof.cl_float, null));
        return this;
    }

    /** Enqueues over global (rounded up to local) with the given local size; null local lets the runtime pick. */
    public void run(long[] global, long[] local) {
        long[] g = global.clone();
        for (int d = 0; d < g.length; d++) {
            if (g[d] == 0) return;
            if (local != null) g[d] = (g[d] + local[d] - 1) / local[d] * local[d];
        }
        kernel.enqueue(ctx.queue(), args, g, local);
        Reference.reachabilityFence(keep);
    }

    /** One-dimensional launch of n work items in groups of 64. */
    public void run1d(long n) {
        run(new long[] {n}, new long[] {64});
    }
}
