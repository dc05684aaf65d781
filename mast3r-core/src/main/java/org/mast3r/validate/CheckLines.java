package org.mast3r.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The lines of a validation as text, kept and counted: {@code case what measure PASS|FAIL} per comparison,
 * {@code # text} per note, and {@link #summary} {@code N passed, N failed}. Each line also goes to
 * {@code printer} as it comes (the CLI prints it; a server may stream it).
 */
public final class CheckLines implements Checks {
    /** One comparison. */
    public record Line(String caseName, String what, String measure, boolean pass) {
        @Override
        public String toString() {
            return caseName + " " + what + " " + measure + " " + (pass ? "PASS" : "FAIL");
        }
    }

    private final Consumer<String> printer;
    private final List<Line> lines = new ArrayList<>();
    private int failed;

    public CheckLines(Consumer<String> printer) {
        this.printer = printer;
    }

    @Override
    public void line(String caseName, String what, String measure, boolean pass) {
        Line l = new Line(caseName, what, measure, pass);
        lines.add(l);
        if (!pass) failed++;
        printer.accept(l.toString());
    }

    @Override
    public void note(String text) {
        printer.accept("# " + text);
    }

    /** The comparisons so far, in order. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public int passed() {
        return lines.size() - failed;
    }

    public int failed() {
        return failed;
    }

    public String summary() {
        return passed() + " passed, " + failed() + " failed";
    }
}
