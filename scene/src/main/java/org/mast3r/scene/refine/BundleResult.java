package org.mast3r.scene.refine;

import java.util.List;

/**
 * @param cameras one per input image, in input order
 * @param points  [T,3] world points, row t for {@code tracks.get(t)}
 * @param tracks  the tracks that were triangulated and refined
 */
public record BundleResult(List<Camera> cameras, double[] points, List<Track> tracks, BundleReport report) {}
