package org.mast3r.scene.run;

import java.util.function.Consumer;
import org.mast3r.pipeline.Progress;

/**
 * How a reconstruction computes the pairs its store lacks: on this JVM ({@link #LOCAL}), or on a cluster (the
 * mast3r-spark module's job). Everything before (inputs, checks, the store) and after (alignment, outputs) is
 * the same {@link ReconstructionJob} whichever runs the pairs.
 */
@FunctionalInterface
public interface PairRunner {
    /** One encoder pass per image, then both decoder passes and the matches of each pair, on this JVM's model. */
    PairRunner LOCAL = new LocalPairRunner();

    /**
     * Puts every pair of {@code work.missing()} into {@code work.store()}, and adds the wall time of its steps to
     * {@code work.seconds()} under "encode" and "pairs". {@code log} takes one-off lines.
     */
    void run(PairWork work, Progress progress, Consumer<String> log);
}
