package org.mast3r.geometry;

/**
 * Reprojection errors in pixels of world points [N,3] under a pose X_cam = R X + t: |K X_cam - xy|.
 * A point at or behind the camera (Z <= 0) gets +infinity, so it is never an inlier.
 */
final class Reprojection {
    private Reprojection() {}

    /** Squared errors into {@code out} [N] for {@code pose} = {R (9), t (3)}; returns how many are at most {@code threshold2}. */
    static int squaredErrors(double[] pose, double[] world, double[] xy, Intrinsics k, double threshold2, double[] out) {
        return squaredErrors(pose, world, xy, k, threshold2, out, 0);
    }

    /**
     * As above, but gives up and returns -1 (leaving {@code out} partly filled) as soon as the count can no
     * longer reach {@code mustReach}: most RANSAC hypotheses are bad, and this skips the rest of their points.
     */
    static int squaredErrors(double[] pose, double[] world, double[] xy, Intrinsics k, double threshold2, double[] out, int mustReach) {
        int n = xy.length / 2, count = 0;
        double[] r = pose;
        double t0 = pose[9], t1 = pose[10], t2 = pose[11];
        double fx = k.fx(), fy = k.fy(), cx = k.cx(), cy = k.cy();
        for (int i = 0; i < n; i++) {
            double x = world[3 * i], y = world[3 * i + 1], z = world[3 * i + 2];
            double zc = r[6] * x + r[7] * y + r[8] * z + t2;
            double e2;
            if (zc > 0) {
                double inv = 1 / zc;
                double du = fx * (r[0] * x + r[1] * y + r[2] * z + t0) * inv + cx - xy[2 * i];
                double dv = fy * (r[3] * x + r[4] * y + r[5] * z + t1) * inv + cy - xy[2 * i + 1];
                e2 = du * du + dv * dv;
            } else {
                e2 = Double.POSITIVE_INFINITY;
            }
            out[i] = e2;
            if (e2 <= threshold2) count++;
            else if (count + (n - 1 - i) < mustReach) return -1;
        }
        return count;
    }
}
