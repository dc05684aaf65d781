package org.mast3r.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What this CPU, as the JVM runs it, offers the kernels: the float lanes of one vector, whether C2 emits
 * AVX-512 (and so has 32 vector registers instead of 16) and the CPU's name, so that every benchmark figure
 * can say what it was measured on.
 *
 * <p>AVX-512 is read from the JVM's effective {@code UseAVX} (3 = AVX-512), not from /proc/cpuinfo's flags:
 * {@code -XX:UseAVX=2} caps an AVX-512 CPU to AVX2 code and 16 registers, and the micro-kernels must be
 * shaped for the registers C2 can actually allocate.
 *
 * @param model       the CPU's model name from /proc/cpuinfo, or os.arch where there is none
 * @param lanes       float lanes of {@link Simd#F}
 * @param avx512      C2 emits AVX-512 (EVEX) code
 * @param vectorRegisters vector registers C2 allocates: 32 with AVX-512, else 16
 */
public record CpuSpecies(String model, int lanes, boolean avx512, int vectorRegisters) {

    /** One line for tables: "AMD EPYC, 16 float lanes, AVX-512 (32 vector registers)". */
    public String describe() {
        return String.format("%s, %d float lanes, %s (%d vector registers)", model, lanes,
                avx512 ? "AVX-512" : "no AVX-512", vectorRegisters);
    }

    static CpuSpecies detect(int lanes) {
        boolean avx512 = useAvx() >= 3;
        return new CpuSpecies(modelName(), lanes, avx512, avx512 ? 32 : 16);
    }

    /** HotSpot's UseAVX as this JVM runs (0 where the flag does not exist, e.g. on aarch64). */
    private static int useAvx() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(vm.getVMOption("UseAVX").getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return 0;
        }
    }

    private static String modelName() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            Optional<String> name = lines.filter(l -> l.startsWith("model name")).findFirst();
            if (name.isPresent()) return name.get().substring(name.get().indexOf(':') + 1).strip();
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // no /proc (macOS, Windows): the architecture is the best name there is
        }
        return System.getProperty("os.arch");
    }
}
