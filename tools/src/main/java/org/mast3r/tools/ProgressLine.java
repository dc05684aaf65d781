package org.mast3r.tools;

import java.io.PrintWriter;
import java.util.Locale;
import org.mast3r.pipeline.Progress;

/**
 * Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise; nothing with
 * --quiet.
 */
final class ProgressLine implements Progress {
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();

    ProgressLine(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    /** A one-off step ("loading weights"). */
    @Override
    public void step(String message) {
        if (quiet) return;
        endLine();
        err.printf(Locale.ROOT, "[%6.1f s] %s%n", elapsed(), message);
        err.flush();
    }

    @Override
    public void update(String stage, int done, int total) {
        if (quiet) return;
        String text = String.format(Locale.ROOT, "[%6.1f s] %s %d/%d", elapsed(), stage, done, total);
        if (terminal) {
            int width = 30, filled = total == 0 ? width : width * done / total;
            err.print("\r" + text + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "]");
            if (done == total) err.println();
        } else {
            err.println(text);
        }
        err.flush();
    }

    private void endLine() {
        if (terminal) err.print("\r");
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }
}
