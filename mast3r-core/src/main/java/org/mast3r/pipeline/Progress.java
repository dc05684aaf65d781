package org.mast3r.pipeline;

/**
 * Where {@link Matching} and the jobs report each long step ({@code done} of {@code total} units of
 * {@code stage}) and one-off lines (a model loaded, a note for the user).
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> {};

    void update(String stage, int done, int total);

    /** A one-off line; dropped unless the listener shows it. */
    default void step(String message) {}
}
