package org.mast3r.serve;

import java.nio.file.Path;
import org.mast3r.pipeline.Mast3r;

/** The one model a server loads at start and every job runs on; the paths and device only name it in summaries. */
public record LoadedModel(Mast3r model, Path checkpoint, Path config, String device) {}
