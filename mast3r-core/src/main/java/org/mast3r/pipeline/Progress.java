package org.mast3r.pipeline;

/** Where {@link Matching} reports each long step: {@code done} of {@code total} units of {@code stage}. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> {};

    void update(String stage, int done, int total);
}
