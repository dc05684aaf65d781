package org.mast3r.scene.refine;

import java.util.List;

/**
 * What {@link BundleAdjustment#refine} returns.
 *
 * @param cameras one per input image, in input order; a held pose or intrinsics is the input's, bit for bit
 * @param points  [T,3] world points, row t for {@code tracks.get(t)}
 * @param tracks  the tracks left in the problem at the end, each with the observations the final cost uses
 */
public record BundleResult(List<Camera> cameras, double[] points, List<Track> tracks, BundleReport report) {}
