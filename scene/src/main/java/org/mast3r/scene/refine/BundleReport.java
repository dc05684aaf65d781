package org.mast3r.scene.refine;

import java.util.Locale;

/**
 * What a refinement did. Counts are of what is left in the problem at the end (points that went behind a
 * camera or to infinity, and observations beyond the inlier threshold, leave it on the way). Errors are
 * reprojection distances in pixels over the inlier observations, those whose final error is at most 3
 * robust scales, the same set before (input cameras, DLT points) and after. With no track left
 * (tracks == 0) the cameras are the input's and the errors are NaN.
 *
 * @param inlierObservations how many observations the error statistics cover
 * @param iterations         damped solves, taken or refused
 * @param seconds            wall time of the whole call: tracks, triangulation and LM
 */
public record BundleReport(int tracks, int observations, int inlierObservations, int iterations,
                           double initialMeanErrorPx, double finalMeanErrorPx,
                           double initialMedianErrorPx, double finalMedianErrorPx, double seconds) {

    /** One line for logs. */
    public String summary() {
        if (tracks == 0) return String.format(Locale.ROOT, "bundle adjustment: no track seen in front of 2 cameras, cameras unchanged (%.2f s)", seconds);
        return String.format(Locale.ROOT,
                "bundle adjustment: %d tracks, %d observations (%d inliers), %d iterations, reprojection error mean %.3f -> %.3f px, median %.3f -> %.3f px, %.2f s",
                tracks, observations, inlierObservations, iterations, initialMeanErrorPx, finalMeanErrorPx,
                initialMedianErrorPx, finalMedianErrorPx, seconds);
    }
}
