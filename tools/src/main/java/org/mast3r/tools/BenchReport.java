package org.mast3r.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.Json;
import org.mast3r.engine.KernelProfile;
import org.mast3r.kernels.CpuSpecies;
import org.mast3r.kernels.FmaPeak;

/**
 * The numbers of one {@code mast3r bench} run, as a table and as JSON. Rates are also given as a share of
 * {@code peak}, the FMA peak measured in this JVM at the run's thread count (issue 8: "share of peak"), and
 * every figure names the CPU species it was measured on (issue 17).
 */
record BenchReport(List<Double> forwardSeconds, double loadSeconds, Map<String, StageTimer.Stage> stages,
                   Map<String, KernelProfile.Entry> kernels, int threads, double peakRssMb, FmaPeak.Result peak,
                   CpuSpecies cpu) {

    double min() {
        return Collections.min(forwardSeconds);
    }

    /** The lower middle value for an even count. */
    double median() {
        List<Double> s = new ArrayList<>(forwardSeconds);
        Collections.sort(s);
        return s.get((s.size() - 1) / 2);
    }

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "species: %s%n", cpu.describe());
        out.printf(Locale.ROOT, "%-20s %10s %10s %10s %8s%n", "stage", "ms", "GFLOP", "GFLOP/s", "% peak");
        double ms = 0, gflop = 0;
        for (Map.Entry<String, StageTimer.Stage> e : stages.entrySet()) {
            StageTimer.Stage s = e.getValue();
            double r = rate(s.gflop(), s.ms());
            out.printf(Locale.ROOT, "%-20s %10.1f %10.2f %10.1f %8.1f%n", e.getKey(), s.ms(), s.gflop(), r, peakPct(r));
            ms += s.ms();
            gflop += s.gflop();
        }
        out.printf(Locale.ROOT, "%-20s %10.1f %10.2f %10.1f %8.1f%n", "total", ms, gflop, rate(gflop, ms), peakPct(rate(gflop, ms)));
        if (!kernels.isEmpty()) {
            out.printf(Locale.ROOT, "%n%-20s %8s %10s %10s %10s %8s%n", "kernel", "calls", "ms", "GFLOP", "GFLOP/s", "% peak");
            for (Map.Entry<String, KernelProfile.Entry> e : kernels.entrySet()) {
                KernelProfile.Entry k = e.getValue();
                double r = rate(k.flop() / 1e9, k.nanos() / 1e6);
                out.printf(Locale.ROOT, "%-20s %8d %10.1f %10.2f %10.1f %8.1f%n", e.getKey(), k.calls(), k.nanos() / 1e6, k.flop() / 1e9,
                        r, peakPct(r));
            }
        }
        out.printf(Locale.ROOT, "FMA peak (%d float lanes): %.1f GFLOP/s on 1 thread, %.1f GFLOP/s on %d (the %% peak base)%n",
                peak.lanes(), peak.oneThreadGflops(), peak.gflops(), peak.threads());
        out.printf(Locale.ROOT, "forward min %.3f s, median %.3f s; load %.2f s; %d thread(s); peak RSS %.0f MiB%n",
                min(), median(), loadSeconds, threads, peakRssMb);
        out.flush();
    }

    static double rate(double gflop, double ms) {
        return ms <= 0 ? 0 : gflop / (ms / 1e3);
    }

    /** A rate as a percentage of the measured N-thread FMA peak. */
    private double peakPct(double gflops) {
        return peak.gflops() <= 0 ? 0 : 100 * gflops / peak.gflops();
    }

    void writeJson(Path file) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode fwd = root.putObject("forward_s");
        fwd.put("min", min());
        fwd.put("median", median());
        root.put("load_s", loadSeconds);
        ObjectNode st = root.putObject("stages");
        stages.forEach((name, s) -> {
            ObjectNode n = st.putObject(name);
            n.put("ms", s.ms());
            n.put("gflop", s.gflop());
            n.put("gflops", rate(s.gflop(), s.ms()));
            n.put("peak_pct", peakPct(rate(s.gflop(), s.ms())));
        });
        if (!kernels.isEmpty()) {
            ObjectNode ks = root.putObject("kernels");
            kernels.forEach((name, k) -> {
                ObjectNode n = ks.putObject(name);
                n.put("calls", k.calls());
                n.put("ms", k.nanos() / 1e6);
                n.put("gflop", k.flop() / 1e9);
                n.put("gflops", rate(k.flop() / 1e9, k.nanos() / 1e6));
                n.put("peak_pct", peakPct(rate(k.flop() / 1e9, k.nanos() / 1e6)));
            });
        }
        root.put("threads", threads);
        root.put("peak_rss_mb", peakRssMb);
        root.put("peak_gflops", peak.gflops());
        root.put("peak_gflops_1thread", peak.oneThreadGflops());
        root.put("simd_lanes", peak.lanes());
        ObjectNode species = root.putObject("species");
        species.put("cpu_model", cpu.model());
        species.put("vector_lanes", cpu.lanes());
        species.put("vector_bits", cpu.lanes() * Float.SIZE);
        species.put("avx512", cpu.avx512());
        species.put("vector_registers", cpu.vectorRegisters());
        AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
