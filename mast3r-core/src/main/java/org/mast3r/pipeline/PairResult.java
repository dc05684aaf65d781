package org.mast3r.pipeline;

import java.util.Map;
import org.mast3r.image.PreparedImage;
import org.mast3r.matching.Matches;
import org.mast3r.model.PairOutput;

/**
 * One matched pair: the two network inputs, the network's predictions on them (the coarse pass when
 * coarse-to-fine ran), the matches in original-image pixels, the matches of that network pass in its
 * own pixels (what pose estimation reads beside the pointmaps), how many crop pairs the fine pass ran,
 * and seconds per stage.
 */
public record PairResult(PreparedImage image1, PreparedImage image2, PairOutput output, PixelMatches matches,
                         Matches networkMatches, int cropPairs, Map<String, Double> seconds) {}
