package org.mast3r.geometry;

/**
 * dst ~ scale * rotation * src + translation: {@code rotation} row-major 3x3, {@code translation} [3],
 * {@code residuals} [N] = |dst_i - (s R src_i + t)| for every point, {@code inliers} [N].
 */
public record Similarity(double[] rotation, double[] translation, double scale,
                         double[] residuals, boolean[] inliers, int inlierCount, SolveStatus status) {
    public boolean ok() {
        return status == SolveStatus.OK;
    }

    /** s R p + t for one point. */
    public double[] apply(double[] p) {
        double[] r = Rotations.apply(rotation, p);
        return new double[] {scale * r[0] + translation[0], scale * r[1] + translation[1], scale * r[2] + translation[2]};
    }
}
