package org.mast3r.scene.refine;

import java.util.Set;

/**
 * The knobs of {@link BundleAdjustment#refine}.
 *
 * @param maxIterations        LM iterations at most (each one a damped solve, taken or refused)
 * @param robustScalePx        the Cauchy loss scale in pixels: an error of this size weighs half as much
 *                             as a small one; 3 times this is the inlier threshold, beyond which an
 *                             observation leaves the problem once the cameras have settled
 * @param refineFocal          move the focal (one increment added to fx and fy)
 * @param refinePrincipalPoint move (cx, cy)
 * @param sharedIntrinsics     one focal (and principal point) for all cameras whose intrinsics move,
 *                             started at their mean
 * @param fixedPoses           cameras whose cam2w is known and held, bit for bit
 * @param fixedIntrinsics      cameras whose K is known and held, bit for bit
 */
public record BundleOptions(int maxIterations, double robustScalePx, boolean refineFocal, boolean refinePrincipalPoint,
                            boolean sharedIntrinsics, Set<Integer> fixedPoses, Set<Integer> fixedIntrinsics) {
    public BundleOptions {
        if (maxIterations < 0 || !(robustScalePx > 0) || !Double.isFinite(robustScalePx))
            throw new IllegalArgumentException("bundle options need maxIterations >= 0 and a finite robustScalePx > 0, got "
                    + maxIterations + " and " + robustScalePx);
        fixedPoses = Set.copyOf(fixedPoses);
        fixedIntrinsics = Set.copyOf(fixedIntrinsics);
    }

    /** 50 iterations, Cauchy scale 2 px, focal refined per camera, principal point held, nothing known. */
    public static BundleOptions defaults() {
        return new BundleOptions(50, 2.0, true, false, false, Set.of(), Set.of());
    }

    public BundleOptions withFixedPoses(Set<Integer> poses) {
        return new BundleOptions(maxIterations, robustScalePx, refineFocal, refinePrincipalPoint, sharedIntrinsics, poses, fixedIntrinsics);
    }

    public BundleOptions withFixedIntrinsics(Set<Integer> intrinsics) {
        return new BundleOptions(maxIterations, robustScalePx, refineFocal, refinePrincipalPoint, sharedIntrinsics, fixedPoses, intrinsics);
    }
}
