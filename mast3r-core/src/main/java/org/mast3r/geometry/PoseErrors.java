package org.mast3r.geometry;

/**
 * Pose errors against ground truth as the geometry fixture defines them (fixtures/README.md, geometry,
 * pose problem): rotation = angle of R_est^T R_true; direction = angle between t_est and t_true;
 * metric = |t_est - t_true| / |t_true|.
 */
public record PoseErrors(double rotationDeg, double directionDeg, double metricRel) {
    public static PoseErrors of(double[] rEst, double[] tEst, double[] rTrue, double[] tTrue) {
        double dx = tEst[0] - tTrue[0], dy = tEst[1] - tTrue[1], dz = tEst[2] - tTrue[2];
        double norm = Math.sqrt(tTrue[0] * tTrue[0] + tTrue[1] * tTrue[1] + tTrue[2] * tTrue[2]);
        return new PoseErrors(Rotations.angleDeg(rEst, rTrue), Rotations.vectorAngleDeg(tEst, tTrue),
                Math.sqrt(dx * dx + dy * dy + dz * dz) / norm);
    }
}
