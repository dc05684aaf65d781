package org.mast3r.geometry;

/**
 * Camera 2 in camera 1's frame, metric: X1 = rotation * X2 + translation ({@code rotation} row-major
 * 3x3, {@code quaternion} the same rotation as [w, x, y, z] with w >= 0, {@code translation} camera 2's
 * centre in camera 1's frame, in the pointmap's units). {@code focal2} is the focal the solve used,
 * {@code inliers} [matchCount] the PnP inliers, {@code medianReprojectionPx} their median error.
 * {@code lowConfidence} is set when the solve failed or was degenerate (the pose is then identity/zero
 * or unreliable, but always finite) or the inliers are too few; {@code status} says which.
 */
public record PairPose(double[] rotation, double[] translation, double[] quaternion, double focal2,
                       int matchCount, int inlierCount, boolean[] inliers, double medianReprojectionPx,
                       boolean lowConfidence, SolveStatus status) {}
