package org.mast3r.kernels.opencl;

import java.util.List;
import org.jocl.CL;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;

/**
 * One cl_kernel, shared by every thread that launches it, with the lock that makes "set its arguments,
 * enqueue it" one step.
 *
 * <p>Why a lock: a cl_kernel's arguments are state on the kernel object, and the OpenCL spec exempts
 * clSetKernelArg on one kernel from its thread-safety promise. Two threads launching gemm at once would
 * otherwise enqueue each other's sizes and buffers (PoCL even corrupts its heap). The enqueue captures the
 * arguments, so the lock is held only from the first argument to the enqueue: microseconds of host work,
 * never the kernel's run. A kernel per thread would avoid the wait but needs a kernel per (thread, kernel)
 * that a pool of short-lived or virtual threads would create without bound.
 */
final class ClKernel {
    /** Sets one argument, at position {@code index}, of {@code kernel}. */
    interface Arg {
        void set(cl_kernel kernel, int index);
    }

    private final cl_kernel kernel;

    ClKernel(cl_kernel kernel) {
        this.kernel = kernel;
    }

    /** Sets {@code args} in order and enqueues over {@code global} / {@code local} (null lets the runtime pick). */
    synchronized void enqueue(cl_command_queue queue, List<Arg> args, long[] global, long[] local) {
        for (int i = 0; i < args.size(); i++) args.get(i).set(kernel, i);
        CL.clEnqueueNDRangeKernel(queue, kernel, global.length, null, global, local, 0, null, null);
    }

    /** The context calls this once, when it closes. */
    void release() {
        CL.clReleaseKernel(kernel);
    }
}
