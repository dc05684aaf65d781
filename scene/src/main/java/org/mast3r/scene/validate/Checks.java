package org.mast3r.scene.validate;

/** Where a validator's lines go: one per comparison (what, how far off, pass or fail), plus notes. */
public interface Checks {
    void line(String caseName, String what, String measure, boolean pass);

    void note(String text);
}
