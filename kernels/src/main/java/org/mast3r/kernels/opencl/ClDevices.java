package org.mast3r.kernels.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Enumerates OpenCL platforms and devices. A missing ICD loader (the JNI glue fails to link) and a loader
 * without any ICD both read as "no platform", which is what the user has to fix in either case.
 */
public final class ClDevices {
    /** The problem line when nothing is found; the command line prints it after "mast3r: opencl: ". */
    public static final String NO_PLATFORM = "no platform found (install an ICD such as pocl-opencl-icd)";

    private ClDevices() {}

    /**
     * Every device of every platform, flat-indexed; empty when there is no platform. Throws an
     * {@link OpenClException} when the ICD loader exists under its versioned name only.
     */
    public static List<ClDevice> all() {
        String problem = loaderProblem();
        if (problem == NO_PLATFORM) return List.of();
        if (problem != null) throw new OpenClException("opencl", problem);
        List<ClDevice> out = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            for (cl_platform_id p : platforms()) {
                String platformName = platformString(p, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    continue; // a platform without devices (CL_DEVICE_NOT_FOUND)
                }
                cl_device_id[] ids = new cl_device_id[n[0]];
                CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, n[0], ids, null);
                for (cl_device_id d : ids) {
                    out.add(new ClDevice(out.size(), p, d, platformName, deviceString(d, CL_DEVICE_NAME),
                            deviceString(d, CL_DEVICE_VERSION), deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE),
                            deviceLong(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                            deviceString(d, CL_DEVICE_EXTENSIONS).contains("cl_khr_fp16")));
                }
            }
        } catch (UnsatisfiedLinkError | CLException e) {
            return List.of();
        }
        return out;
    }

    /** Device N of {@link #all()}, or an {@link OpenClException} saying why not. */
    public static ClDevice pick(int index) {
        List<ClDevice> all = all();
        if (all.isEmpty()) throw new OpenClException("opencl", NO_PLATFORM);
        if (index < 0 || index >= all.size()) {
            throw new OpenClException("opencl:" + index, "no such device (found " + all.size() + "; see mast3r devices)");
        }
        return all.get(index);
    }

    /**
     * JOCL's glue dlopens "libOpenCL.so" and prints to the console when that fails, so on Linux the loader
     * is probed first: null when it loads, {@link #NO_PLATFORM} when no loader is installed at all, and a
     * hint when only libOpenCL.so.1 exists (Debian ships the unversioned name in ocl-icd-opencl-dev).
     */
    private static String loaderProblem() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        if (loads("libOpenCL.so")) return null;
        if (loads("libOpenCL.so.1")) return "libOpenCL.so not found, only libOpenCL.so.1 (install ocl-icd-opencl-dev)";
        return NO_PLATFORM;
    }

    private static boolean loads(String library) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(library, arena);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static cl_platform_id[] platforms() {
        int[] n = new int[1];
        CL.clGetPlatformIDs(0, null, n);
        cl_platform_id[] ids = new cl_platform_id[n[0]];
        if (n[0] > 0) CL.clGetPlatformIDs(n[0], ids, null);
        return ids;
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}
