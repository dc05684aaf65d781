package org.mast3r.pipeline;

import java.util.Map;
import org.mast3r.image.PreparedImage;
import org.mast3r.model.PairOutput;

/**
 * One matched pair: the two network inputs, the network's predictions on them (the coarse pass when
 * coarse-to-fine ran), the matches in original-image pixels, how many crop pairs the fine pass ran, and
 * seconds per stage.
 */
public record PairResult(PreparedImage image1, PreparedImage image2, PairOutput output, PixelMatches matches,
                         int cropPairs, Map<String, Double> seconds) {}
