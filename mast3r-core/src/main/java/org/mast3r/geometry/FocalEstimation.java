package org.mast3r.geometry;

import java.util.Arrays;

/**
 * The focal length (pixels) of a pointmap in its own camera frame, when its depth is known: dust3r's
 * estimate_focal_knowing_depth, principal point at (W/2, H/2) unless given.
 * <p>ref: dust3r/post_process.py estimate_focal_knowing_depth (naver/dust3r 4c24a6e). The reference runs
 * in torch float32. Median mode mirrors its float32 votes exactly (u*z then /x, each rounded to
 * float), so the median is the same float. Weiszfeld mode keeps the float32 ray slopes x/z but sums
 * in double: torch's float32 reductions are pairwise and thread-dependent, so they cannot be mirrored
 * bit for bit, and the double sums sit within 2e-5 of them (manifest: 1.6e-5 float32 vs float64).
 */
public final class FocalEstimation {
    public enum Mode { MEDIAN, WEISZFELD }

    /** The clamp factors mast3r's sparse_ga passes (ref: mast3r/cloud_opt/sparse_ga.py, min_focal=0.5, max_focal=3.5). */
    public static final double SPARSE_GA_MIN = 0.5, SPARSE_GA_MAX = 3.5;
    private static final int WEISZFELD_ITERATIONS = 10;

    private FocalEstimation() {}

    /** No clamping (the reference's defaults min_focal=0, max_focal=inf), principal point (W/2, H/2). */
    public static double estimate(float[] pts3d, int height, int width, Mode mode) {
        return estimate(pts3d, height, width, width / 2.0, height / 2.0, mode, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * {@code pts3d} [H, W, 3] row-major in the view's own frame; the result is clamped to
     * [minFactor, maxFactor] x max(H, W) / (2 tan 30 deg), the reference's focal_base.
     */
    public static double estimate(float[] pts3d, int height, int width, double cx, double cy, Mode mode,
                                  double minFactor, double maxFactor) {
        if ((long) height * width * 3 != pts3d.length)
            throw new IllegalArgumentException("pointmap must be [" + height + "," + width + ",3], got " + pts3d.length + " values");
        // pp is a float32 tensor in the reference: torch.tensor((W/2, H/2))
        float px = (float) cx, py = (float) cy;
        double focalBase = Math.max(height, width) / (2 * Math.tan(Math.toRadians(60) / 2));
        double lo = minFactor * focalBase, hi = maxFactor * focalBase;
        if (mode == Mode.MEDIAN) {
            float f = median(pts3d, height, width, px, py);
            // clip of a float32 tensor by Python floats: the bounds act in float32 too
            return Math.min(Math.max(f, (float) lo), (float) hi);
        }
        return Math.min(Math.max(weiszfeld(pts3d, height, width, px, py), lo), hi);
    }

    /**
     * torch.nanmedian over the 2HW votes u z / x and v z / y (x-votes first, then y-votes): NaN (0/0)
     * is skipped, +-inf (u z / 0) counts, and an even count gives the lower middle value.
     */
    static float median(float[] pts, int h, int w, float px, float py) {
        float[] votes = new float[2 * h * w];
        int m = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float pix = pass == 0 ? (float) x - px : (float) y - py;   // xy_grid - pp, float32
                    float coord = pts[3 * i + pass], z = pts[3 * i + 2];
                    float vote = (pix * z) / coord;
                    if (!Float.isNaN(vote)) votes[m++] = vote;
                }
            }
        }
        if (m == 0) return Float.NaN;
        Arrays.sort(votes, 0, m);
        return votes[(m - 1) / 2];
    }

    /**
     * focal = argmin sum |pixel - f (x/z, y/z)|: the closed-form L2 value, then 10 reweighted least
     * squares with w = 1 / max(|residual|, 1e-8). Non-finite slopes become 0 (nan_to_num) and still
     * weigh in through their residual |pixel|, as in the reference. The means' common 1/HW cancels.
     */
    static double weiszfeld(float[] pts, int h, int w, float px, float py) {
        int n = h * w;
        double[] sx = new double[n], sy = new double[n], dotPx = new double[n], dotXx = new double[n], u = new double[n], v = new double[n];
        double num = 0, den = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float z = pts[3 * i + 2];
                float ax = pts[3 * i] / z, ay = pts[3 * i + 1] / z;   // float32 slopes, as the reference
                sx[i] = Float.isFinite(ax) ? ax : 0;
                sy[i] = Float.isFinite(ay) ? ay : 0;
                u[i] = (float) x - px;
                v[i] = (float) y - py;
                dotPx[i] = sx[i] * u[i] + sy[i] * v[i];
                dotXx[i] = sx[i] * sx[i] + sy[i] * sy[i];
                num += dotPx[i];
                den += dotXx[i];
            }
        }
        double focal = num / den;
        for (int iter = 0; iter < WEISZFELD_ITERATIONS; iter++) {
            double wn = 0, wd = 0;
            for (int i = 0; i < n; i++) {
                double du = u[i] - focal * sx[i], dv = v[i] - focal * sy[i];
                double wt = 1 / Math.max(Math.sqrt(du * du + dv * dv), 1e-8);
                wn += wt * dotPx[i];
                wd += wt * dotXx[i];
            }
            focal = wn / wd;
        }
        return focal;
    }
}
