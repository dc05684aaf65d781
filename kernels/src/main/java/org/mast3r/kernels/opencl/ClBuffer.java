package org.mast3r.kernels.opencl;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * A float32 device buffer of {@link #floats()} values (plus the context's guard zone after them).
 * It is released when the wrapper becomes unreachable (a {@link Cleaner}) or when the context closes,
 * whichever comes first; {@link ClLaunch} keeps the wrappers it was given reachable until the kernel is
 * enqueued, after which OpenCL itself holds the memory until the kernel is done. Only activations count
 * towards the context's soft limit ({@code countedBytes}); weights and small tables pass 0.
 */
public final class ClBuffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final cl_mem mem;
    private final long floats;
    private final Cleaner.Cleanable cleanable;

    ClBuffer(cl_mem mem, long floats, long countedBytes, AtomicLong liveBytes, Set<Release> live) {
        this.mem = mem;
        this.floats = floats;
        liveBytes.addAndGet(countedBytes);
        Release r = new Release(mem, countedBytes, liveBytes, live);
        live.add(r);
        this.cleanable = CLEANER.register(this, r);
    }

    public cl_mem mem() {
        return mem;
    }

    public long floats() {
        return floats;
    }

    /** Releases the device memory now; the buffer must not be used afterwards. */
    public void release() {
        cleanable.clean();
    }

    /** Holds no reference to the wrapper, so the wrapper can become unreachable; runs at most once. */
    static final class Release implements Runnable {
        private final cl_mem mem;
        private final long bytes;
        private final AtomicLong liveBytes;
        private final Set<Release> live;

        Release(cl_mem mem, long bytes, AtomicLong liveBytes, Set<Release> live) {
            this.mem = mem;
            this.bytes = bytes;
            this.liveBytes = liveBytes;
            this.live = live;
        }

        @Override
        public void run() {
            if (!live.remove(this)) return;
            liveBytes.addAndGet(-bytes);
            CL.clReleaseMemObject(mem);
        }
    }
}
