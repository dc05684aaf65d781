package org.mast3r.scene.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mast3r.image.PreparedImage;
import org.mast3r.pipeline.Mast3r;

/**
 * What a {@link PairRunner} is given: the run's options, its image files and their pre-processed images (same
 * order: index i is image i), the unordered pairs (a, b) still missing from {@code store}, the model loaded on
 * this JVM, and the run's stage timings (seconds by stage name), which the runner adds to.
 */
public record PairWork(ReconstructOptions options, List<Path> files, List<PreparedImage> images, List<int[]> missing,
                       PairStore store, Mast3r model, Map<String, Double> seconds) {}
