package org.mast3r.kernels.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as {@code --device opencl:N} numbers it: {@code index} is flat over platforms in
 * the order the ICD loader reports them, devices in each platform's order.
 */
public record ClDevice(int index, cl_platform_id platform, cl_device_id device, String platformName,
                       String name, String version, long globalMemBytes, long maxAllocBytes, boolean fp16) {
    /** "opencl:0 (Portable Computing Language / pthread-...)" for logs. */
    public String describe() {
        return "opencl:" + index + " (" + platformName + " / " + name + ")";
    }
}
