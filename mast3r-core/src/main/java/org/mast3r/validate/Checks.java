package org.mast3r.validate;

import java.util.Locale;

/**
 * Where a validator's lines go: one per comparison (case, what, how far off, pass or fail), plus notes that are
 * not counted. {@link CheckLines} keeps them and hands each to a printer.
 */
public interface Checks {
    void line(String caseName, String what, String measure, boolean pass);

    void note(String text);

    /** A numeric comparison: {@code maxAbs} is max|got - ref|, {@code ratio} that over max|ref|. */
    default void tensor(String caseName, String tensor, double maxAbs, double ratio, boolean pass) {
        line(caseName, tensor, String.format(Locale.ROOT, "%.3e %.3e", maxAbs, ratio), pass);
    }
}
