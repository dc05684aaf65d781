package org.mast3r.geometry;

/**
 * A camera pose from 3D-2D correspondences, OpenCV's convention: X_cam = rotation * X_world + translation
 * ({@code rotation} row-major 3x3). {@code residuals} [N] are the reprojection errors in pixels of every
 * correspondence under the final pose (+infinity behind the camera or for a non-finite input),
 * {@code inliers} [N] those within the threshold; {@code iterations} the RANSAC samples drawn.
 * When {@code status} is not OK the pose is identity/zero unless a pose was found on a degenerate
 * inlier set, and callers must flag it.
 */
public record PnpResult(double[] rotation, double[] translation, boolean[] inliers, int inlierCount,
                        double[] residuals, int iterations, SolveStatus status) {
    public boolean ok() {
        return status == SolveStatus.OK;
    }

    /** The median reprojection error over the inliers, NaN when there are none. */
    public double medianInlierResidual() {
        double[] r = new double[inlierCount];
        int m = 0;
        for (int i = 0; i < inliers.length; i++) if (inliers[i]) r[m++] = residuals[i];
        if (m == 0) return Double.NaN;
        java.util.Arrays.sort(r);
        return m % 2 == 1 ? r[m / 2] : 0.5 * (r[m / 2 - 1] + r[m / 2]);
    }
}
