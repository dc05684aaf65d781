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
import org.mast3r.engine.KernelProfile;
import org.mast3r.weights.AtomicFiles;
import org.mast3r.weights.Json;

/** The numbers of one {@code mast3r bench} run, as a table and as JSON. */
record BenchReport(List<Double> forwardSeconds, double loadSeconds, Map<String, StageTimer.Stage> stages,
                   Map<String, KernelProfile.Entry> kernels, int threads, double peakRssMb) {

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
        out.printf(Locale.ROOT, "%-20s %10s %10s %10s%n", "stage", "ms", "GFLOP", "GFLOP/s");
        double ms = 0, gflop = 0;
        for (Map.Entry<String, StageTimer.Stage> e : stages.entrySet()) {
            StageTimer.Stage s = e.getValue();
            out.printf(Locale.ROOT, "%-20s %10.1f %10.2f %10.1f%n", e.getKey(), s.ms(), s.gflop(), rate(s.gflop(), s.ms()));
            ms += s.ms();
            gflop += s.gflop();
        }
        out.printf(Locale.ROOT, "%-20s %10.1f %10.2f %10.1f%n", "total", ms, gflop, rate(gflop, ms));
        if (!kernels.isEmpty()) {
            out.printf(Locale.ROOT, "%n%-20s %8s %10s %10s %10s%n", "kernel", "calls", "ms", "GFLOP", "GFLOP/s");
            for (Map.Entry<String, KernelProfile.Entry> e : kernels.entrySet()) {
                KernelProfile.Entry k = e.getValue();
                out.printf(Locale.ROOT, "%-20s %8d %10.1f %10.2f %10.1f%n", e.getKey(), k.calls(), k.nanos() / 1e6, k.flop() / 1e9,
                        rate(k.flop() / 1e9, k.nanos() / 1e6));
            }
        }
        out.printf(Locale.ROOT, "forward min %.3f s, median %.3f s; load %.2f s; %d thread(s); peak RSS %.0f MiB%n",
                min(), median(), loadSeconds, threads, peakRssMb);
        out.flush();
    }

    private static double rate(double gflop, double ms) {
        return ms <= 0 ? 0 : gflop / (ms / 1e3);
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
        });
        if (!kernels.isEmpty()) {
            ObjectNode ks = root.putObject("kernels");
            kernels.forEach((name, k) -> {
                ObjectNode n = ks.putObject(name);
                n.put("calls", k.calls());
                n.put("ms", k.nanos() / 1e6);
                n.put("gflop", k.flop() / 1e9);
                n.put("gflops", rate(k.flop() / 1e9, k.nanos() / 1e6));
            });
        }
        root.put("threads", threads);
        root.put("peak_rss_mb", peakRssMb);
        AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
