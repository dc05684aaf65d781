package org.mast3r.engine;

import java.util.Locale;
import org.mast3r.common.BadInputException;
import org.mast3r.kernels.opencl.ClDevices;
import org.mast3r.kernels.opencl.OpenClException;

/**
 * Makes the backend the user named with {@code --device cpu|opencl[:N]} (N: flat device index over
 * platforms, as {@code mast3r devices} lists them; default 0). Chosen once, at the edge (style.md §10):
 * OpenCL problems become a one-line {@link BadInputException}, never a fallback to the CPU.
 */
public final class Backends {
    private Backends() {}

    public static Backend create(String device, int threads) {
        return create(device, threads, KernelProfile.OFF);
    }

    public static Backend create(String device, int threads, KernelProfile profile) {
        String d = device == null ? "cpu" : device.strip().toLowerCase(Locale.ROOT);
        if (d.equals("cpu")) return new CpuBackend(threads, profile);
        if (d.equals("opencl") || d.startsWith("opencl:")) return openCl(openClIndex(device, d), threads, profile, 0);
        throw new BadInputException("--device", "expected cpu or opencl[:N], got " + device);
    }

    /** An OpenCL backend on device {@code index}; guard zones are for tests. */
    static OpenClBackend openCl(int index, int threads, KernelProfile profile, int guardFloats) {
        try {
            return new OpenClBackend(ClDevices.pick(index), threads, profile, guardFloats);
        } catch (OpenClException e) {
            throw new BadInputException(e.subject(), e.problem(), e);
        } catch (UnsatisfiedLinkError e) {
            throw new BadInputException("opencl", ClDevices.NO_PLATFORM, e);
        } catch (org.jocl.CLException e) {
            throw new BadInputException("opencl:" + index, e.getMessage(), e);
        }
    }

    private static int openClIndex(String device, String d) {
        if (d.equals("opencl")) return 0;
        try {
            int n = Integer.parseInt(d.substring("opencl:".length()));
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new BadInputException("--device", "expected opencl:N with N a device number, got " + device);
    }
}
