package org.mast3r.kernels.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One device's context and in-order queue, its built programs and kernels (each {@code .cl} family compiled
 * once, each kernel created once, on first use, then cached) and its buffers.
 *
 * <p>Safe to share between threads, as one loaded model serving several pairs at once needs:
 * <ul>
 *   <li>The caches are concurrent maps filled by {@code computeIfAbsent}, so a program is built and a
 *       kernel created exactly once however many threads ask for it first.</li>
 *   <li>Each kernel sets its arguments and enqueues under its own lock ({@link ClKernel}), the one call
 *       OpenCL leaves unsafe.</li>
 *   <li>Every thread enqueues on the one in-order queue (enqueueing is thread-safe since OpenCL 1.1).
 *       In order, each thread's commands run in the order it issued them, and a buffer one thread wrote
 *       may be handed to another with no events: whatever it enqueued afterwards runs after the write.
 *       The cost is that a blocking read also waits for the other threads' earlier commands, and kernels
 *       of different threads never overlap on the device; a queue per thread would need events between
 *       queues for every buffer that crosses threads.</li>
 *   <li>Buffers (allocation, upload, release by the cleaner) touch only thread-safe OpenCL calls and
 *       concurrent counters; a weight is uploaded once, by whoever builds the model.</li>
 * </ul>
 * {@link #close} is the exception: it runs once every caller is done.
 *
 * <p>Activation buffers are freed by the garbage collector's cleaner, which the device's memory pressure
 * never triggers; past {@link #softLimitBytes} live activation bytes an allocation asks for a collection
 * and waits briefly for the cleaner before it goes on.
 */
public final class ClContext implements AutoCloseable {
    /** The sentinel written into guard zones; any other value there means a kernel wrote out of bounds. */
    public static final float GUARD = -7.77e33f;

    private final ClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final int guardFloats;
    private final long softLimitBytes;
    private final Map<String, cl_program> programs = new ConcurrentHashMap<>();
    private final Map<String, ClKernel> kernels = new ConcurrentHashMap<>();
    private final AtomicLong liveBytes = new AtomicLong();
    private final Set<ClBuffer.Release> live = ConcurrentHashMap.newKeySet();
    private final ClBuffer none;

    private ClContext(ClDevice device, cl_context context, cl_command_queue queue, int guardFloats) {
        this.device = device;
        this.context = context;
        this.queue = queue;
        this.guardFloats = guardFloats;
        this.softLimitBytes = Math.max(256L << 20, Math.min(2L << 30, device.globalMemBytes() / 4));
        this.none = new ClBuffer(CL.clCreateBuffer(context, CL_MEM_READ_WRITE, Sizeof.cl_float, null, null), 1, 0, liveBytes, live);
    }

    /** A one-float buffer passed where a kernel's optional argument (a bias) is absent. */
    public ClBuffer none() {
        return none;
    }

    /** A context on one device; {@code guardFloats > 0} pads every buffer with a sentinel zone (tests). */
    @SuppressWarnings("deprecation") // clCreateCommandQueue: the OpenCL 1.2 call every platform has
    public static ClContext open(ClDevice device, int guardFloats) {
        try {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL_CONTEXT_PLATFORM, device.platform());
            cl_context ctx = CL.clCreateContext(props, 1, new cl_device_id[] {device.device()}, null, null, null);
            cl_command_queue q = CL.clCreateCommandQueue(ctx, device.device(), 0, null);
            return new ClContext(device, ctx, q, guardFloats);
        } catch (CLException e) {
            throw new OpenClException(device.describe(), "cannot create a context: " + e.getMessage(), e);
        }
    }

    public ClDevice device() {
        return device;
    }

    cl_command_queue queue() {
        return queue;
    }

    /** The kernel {@code name} of {@code family.cl}, building the program on first use. */
    ClKernel kernel(String family, String name) {
        return kernels.computeIfAbsent(family + "/" + name, key -> new ClKernel(CL.clCreateKernel(program(family), name, null)));
    }

    private cl_program program(String family) {
        return programs.computeIfAbsent(family, f -> ClProgram.build(context, device, f));
    }

    /** Builds every family now, so a build error shows before any work starts. */
    public void buildAll(List<String> families) {
        for (String f : families) program(f);
    }

    /** An uninitialised buffer of {@code floats} values (at least one, since OpenCL has no empty buffers). */
    public ClBuffer alloc(long floats) {
        long bytes = (Math.max(1, floats) + guardFloats) * Sizeof.cl_float;
        if (liveBytes.get() + bytes > softLimitBytes) reclaim();
        cl_mem mem;
        try {
            mem = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        } catch (CLException e) {
            reclaim();
            mem = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        }
        ClBuffer b = new ClBuffer(mem, floats, bytes, liveBytes, live);
        if (guardFloats > 0) {
            CL.clEnqueueFillBuffer(queue, mem, Pointer.to(new float[] {GUARD}), Sizeof.cl_float,
                    floats * Sizeof.cl_float, (long) guardFloats * Sizeof.cl_float, 0, null, null);
        }
        return b;
    }

    /** A buffer holding {@code data}. */
    public ClBuffer upload(float[] data) {
        ClBuffer b = alloc(data.length);
        if (data.length > 0) {
            CL.clEnqueueWriteBuffer(queue, b.mem(), CL_TRUE, 0, (long) data.length * Sizeof.cl_float, Pointer.to(data), 0, null, null);
        }
        return b;
    }

    /**
     * A read-only weight buffer filled from native-order float32 bytes: one tensor, well below 2 GiB. It is
     * not counted as an activation and lives while its wrapper does, or until the context closes.
     */
    public ClBuffer uploadWeight(ByteBuffer f32) {
        long floats = f32.remaining() / Sizeof.cl_float;
        cl_mem mem = f32.remaining() == 0
                ? CL.clCreateBuffer(context, CL_MEM_READ_ONLY, Sizeof.cl_float, null, null)
                : CL.clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, f32.remaining(), Pointer.to(f32), null);
        return new ClBuffer(mem, floats, 0, liveBytes, live);
    }

    /** A small read-only int buffer (positions), not counted as an activation. */
    public ClBuffer uploadInts(int[] data) {
        int[] d = data.length == 0 ? new int[1] : data;
        cl_mem mem = CL.clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (long) d.length * Sizeof.cl_int, Pointer.to(d), null);
        return new ClBuffer(mem, data.length, 0, liveBytes, live);
    }

    /** Blocking read of the first dst.length floats of b. */
    public void read(ClBuffer b, float[] dst) {
        read(b, 0, dst);
    }

    /** Blocking read of dst.length floats starting at float offset {@code from}. */
    public void read(ClBuffer b, long from, float[] dst) {
        if (dst.length == 0) return;
        CL.clEnqueueReadBuffer(queue, b.mem(), CL_TRUE, from * Sizeof.cl_float, (long) dst.length * Sizeof.cl_float,
                Pointer.to(dst), 0, null, null);
        Reference.reachabilityFence(b);
    }

    /** dst[dstOff, +n) = src[srcOff, +n), in floats. */
    public void copy(ClBuffer src, long srcOff, ClBuffer dst, long dstOff, long n) {
        if (n == 0) return;
        CL.clEnqueueCopyBuffer(queue, src.mem(), dst.mem(), srcOff * Sizeof.cl_float, dstOff * Sizeof.cl_float,
                n * Sizeof.cl_float, 0, null, null);
        Reference.reachabilityFence(src);
        Reference.reachabilityFence(dst);
    }

    /** True when b's guard zone still holds the sentinel everywhere (always true without guards). */
    public boolean guardIntact(ClBuffer b) {
        if (guardFloats == 0) return true;
        float[] g = new float[guardFloats];
        CL.clEnqueueReadBuffer(queue, b.mem(), CL_TRUE, b.floats() * Sizeof.cl_float, (long) guardFloats * Sizeof.cl_float,
                Pointer.to(g), 0, null, null);
        Reference.reachabilityFence(b);
        for (float v : g) if (Float.floatToRawIntBits(v) != Float.floatToRawIntBits(GUARD)) return false;
        return true;
    }

    /** Waits for every enqueued command (timings call this before the clock stops). */
    public void finish() {
        CL.clFinish(queue);
    }

    /** Live activation bytes over the soft limit: let the cleaner release unreachable buffers first. */
    private void reclaim() {
        long before = liveBytes.get();
        System.gc();
        for (int i = 0; i < 50 && liveBytes.get() >= before; i++) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        CL.clFinish(queue);
        for (ClBuffer.Release r : List.copyOf(live)) r.run();
        for (ClKernel k : kernels.values()) k.release();
        for (cl_program p : programs.values()) CL.clReleaseProgram(p);
        kernels.clear();
        programs.clear();
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
    }
}
