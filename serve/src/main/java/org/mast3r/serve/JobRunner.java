package org.mast3r.serve;

import java.nio.file.Path;
import java.util.List;
import org.mast3r.pipeline.Progress;

/** One mode of the server ({@code match}, {@code reconstruct}): the library call a job makes on the loaded model. */
interface JobRunner {
    /** Checks a job's form options before it is queued; a bad one is a BadInputException naming the part. */
    void check(FormOptions options, int images);

    /** Writes the mode's files into the empty folder {@code out}; {@code progress} gets counted steps and lines. */
    void run(LoadedModel model, List<Path> images, FormOptions options, Path out, Progress progress);
}
