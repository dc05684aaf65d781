package org.mast3r.scene.align;

/**
 * One optimisation stage's end: the scene of its last iteration (computed before that iteration's step, as
 * the reference returns it) and the loss of every iteration, taken before its step.
 *
 * @param K         [N][9] row-major intrinsics
 * @param cam2w     [N][16] row-major camera-to-world
 * @param depthmaps [N][h*w] anchor depths
 * @param losses    [iterations]
 */
public record StageResult(double[][] K, double[][] cam2w, float[][] depthmaps, double[] losses, StageReport report) {}
