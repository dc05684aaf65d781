package org.mast3r.tools;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.kernels.opencl.ClDevice;
import org.mast3r.kernels.opencl.ClDevices;
import org.mast3r.kernels.opencl.OpenClException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mast3r devices}: the OpenCL platforms and devices, numbered as {@code --device opencl:N} takes them. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List OpenCL platforms and devices (global memory, fp16) for --device opencl:N.")
public final class DevicesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        List<ClDevice> devices;
        try {
            devices = ClDevices.all();
        } catch (OpenClException e) {
            throw new BadInputException(e.subject(), e.problem(), e);
        }
        if (devices.isEmpty()) throw new BadInputException("opencl", ClDevices.NO_PLATFORM);
        PrintWriter out = spec.commandLine().getOut();
        String platform = null;
        for (ClDevice d : devices) {
            if (!d.platformName().equals(platform)) {
                platform = d.platformName();
                out.println("platform: " + platform);
            }
            out.printf(Locale.ROOT, "  opencl:%d  %s (%s): global memory %.1f GiB, max buffer %.1f GiB, fp16 %s%n",
                    d.index(), d.name(), d.version(), gib(d.globalMemBytes()), gib(d.maxAllocBytes()), d.fp16() ? "yes" : "no");
        }
        return Main.OK;
    }

    private static double gib(long bytes) {
        return bytes / (double) (1L << 30);
    }
}
