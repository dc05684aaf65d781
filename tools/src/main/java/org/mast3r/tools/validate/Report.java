package org.mast3r.tools.validate;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The lines of {@code mast3r validate}: one per compared tensor,
 * {@code case tensor max_abs max_abs/max|ref| PASS|FAIL}, then {@code N passed, N failed}.
 */
public final class Report {
    private final PrintWriter out;
    private int passed;
    private int failed;

    public Report(PrintWriter out) {
        this.out = out;
    }

    /** A numeric comparison: {@code maxAbs} is max|got - ref|, {@code ratio} that over max|ref|. */
    public void tensor(String caseName, String tensor, double maxAbs, double ratio, boolean pass) {
        line(caseName, tensor, String.format(Locale.ROOT, "%.3e %.3e", maxAbs, ratio), pass);
    }

    /** A comparison whose measure is not a pair of errors (exact integers, Jaccard ...): say it in words. */
    public void line(String caseName, String tensor, String measure, boolean pass) {
        out.println(caseName + " " + tensor + " " + measure + " " + (pass ? "PASS" : "FAIL"));
        out.flush();
        if (pass) passed++; else failed++;
    }

    /** A free-form note (what reference a line compares with, timings); not counted. */
    public void note(String text) {
        out.println("# " + text);
        out.flush();
    }

    public int passed() {
        return passed;
    }

    public int failed() {
        return failed;
    }

    public void summary() {
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
    }
}
