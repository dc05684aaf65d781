package org.mast3r.scene.run;

import java.util.function.Consumer;
import org.mast3r.scene.align.AlignOptions;
import org.mast3r.scene.align.AlignmentInput;
import org.mast3r.scene.align.AlignmentResult;
import org.mast3r.scene.align.Priors;
import org.mast3r.scene.align.SparseAlignment;

/** The global alignment a reconstruction runs: {@link #SPARSE_GA}, or a stand-in where a test needs one. */
@FunctionalInterface
public interface Aligner {
    Aligner SPARSE_GA = SparseAlignment::run;

    AlignmentResult run(AlignmentInput input, AlignOptions options, Priors priors, Consumer<String> progress);
}
