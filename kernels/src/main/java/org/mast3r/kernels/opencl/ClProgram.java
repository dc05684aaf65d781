package org.mast3r.kernels.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/** Loads one op family's {@code .cl} resource and builds it for one device. */
final class ClProgram {
    private ClProgram() {}

    /** Builds {@code family.cl}; a build error becomes an {@link OpenClException} with the log's first error line. */
    static cl_program build(cl_context context, ClDevice device, String family) {
        String source = source(family);
        cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            CL.clBuildProgram(program, 1, new cl_device_id[] {device.device()}, "-cl-std=CL1.2", null, null);
        } catch (CLException e) {
            String log = buildLog(program, device.device());
            CL.clReleaseProgram(program);
            throw new OpenClException(device.platformName(), family + ".cl does not build: " + firstError(log, e), e);
        }
        return program;
    }

    static String source(String family) {
        String resource = family + ".cl";
        try (InputStream in = ClProgram.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing kernel resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel resource " + resource, e);
        }
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            return ClDevices.cString(buf);
        } catch (CLException e) {
            return "";
        }
    }

    /** The first log line that mentions an error, else the first non-empty line, else the CL status. */
    static String firstError(String log, CLException e) {
        String first = null;
        for (String line : log.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty()) continue;
            if (t.toLowerCase(java.util.Locale.ROOT).contains("error")) return t;
            if (first == null) first = t;
        }
        return first != null ? first : e.getMessage();
    }
}
