package org.mast3r.geometry;

import org.mast3r.matching.Matches;
import org.mast3r.model.ViewOutput;

/**
 * The metric pose of view 2 relative to view 1 from one MASt3R pair: view 1's pointmap (metric, its own
 * frame) at the matched view-1 pixels gives 3D points, the matched view-2 pixels their images, and PnP
 * with K2 (focal2, principal point at the centre) gives camera 2; inverted, that is camera 2 in
 * camera 1's frame.
 * <p>Mirrors mast3r/visloc.py (coarse_matching: the map image's pts3d at its matched pixels against the
 * query's matched pixels, then dust3r_visloc/localization.py run_pnp with the query's K, 5 px), with
 * view 1 as the map image and view 2 as the query. Departures: the 3D points are MASt3R's own
 * pointmap of view 1 instead of a map's depth (the Map-free setting of the MASt3R paper, for which no
 * script is public); view 2's focal is given or estimated from the pass with view 2 first
 * ({@link #focalFromOwnPointmap}, as sparse_ga estimates focals with Weiszfeld clamped to [0.5, 3.5]);
 * PnP is P3P RANSAC + LM ({@link Pnp}) rather than cv2's SQPnP; no confidence threshold or 100,000-point
 * subsampling (visloc's conf_thr, pnp_max_points): the caller filters matches first.
 * <p>Pixels and focal must be in the same pixel frame (network resolution or original): a caller that
 * works at network resolution maps both before it calls, or calls with network-resolution values.
 */
public final class RelativePose {
    /** Below this many inliers, or this inlier fraction, the pose is flagged (ours, not the reference's). */
    public static final int LOW_INLIERS = 30;
    public static final double LOW_INLIER_FRACTION = 0.1;

    private RelativePose() {}

    /**
     * {@code pts3d1} [N,3] in camera 1's frame, {@code xy2} [N,2] pixels of view 2, {@code k2} view 2's
     * intrinsics. Non-finite points never count as inliers.
     */
    public static PairPose solve(double[] pts3d1, double[] xy2, Intrinsics k2, PnpOptions options) {
        PnpResult pnp = Pnp.solve(pts3d1, xy2, k2, options);
        // PnP gives camera 2's extrinsics X2 = Rp X1 + tp; camera 2 in frame 1 is its inverse
        double[] rt = Rotations.transpose(pnp.rotation());
        double[] c = Rotations.apply(rt, pnp.translation());
        double[] t = {-c[0], -c[1], -c[2]};
        int n = xy2.length / 2;
        boolean low = !pnp.ok() || pnp.inlierCount() < LOW_INLIERS || pnp.inlierCount() < LOW_INLIER_FRACTION * n;
        double median = pnp.medianInlierResidual();
        return new PairPose(rt, t, Rotations.toQuaternion(rt), k2.fx(), n, pnp.inlierCount(), pnp.inliers(),
                Double.isNaN(median) ? 0 : median, low, pnp.status());
    }

    /**
     * From the symmetric matches of a pair: {@code view1} the first pass's view-1 output (pts3d in its own
     * frame, at the matches' resolution), {@code focal2} view 2's focal in the same pixels, {@code width2}
     * x {@code height2} view 2's size there (principal point at its centre).
     */
    public static PairPose fromMatches(Matches matches, ViewOutput view1, double focal2, int width2, int height2,
                                       PnpOptions options) {
        int n = matches.count();
        int[] xy1 = matches.xy1(), xy2 = matches.xy2();
        double[] pts = new double[3 * n], px = new double[2 * n];
        float[] map = view1.pts3d();
        for (int i = 0; i < n; i++) {
            int x = xy1[2 * i], y = xy1[2 * i + 1];
            if (x < 0 || y < 0 || x >= view1.width() || y >= view1.height())
                throw new IllegalArgumentException("match " + i + " pixel (" + x + ", " + y + ") is outside view 1 ("
                        + view1.width() + "x" + view1.height() + ")");
            int at = 3 * (y * view1.width() + x);
            pts[3 * i] = map[at];
            pts[3 * i + 1] = map[at + 1];
            pts[3 * i + 2] = map[at + 2];
            px[2 * i] = xy2[2 * i];
            px[2 * i + 1] = xy2[2 * i + 1];
        }
        return solve(pts, px, Intrinsics.centred(focal2, width2, height2), options);
    }

    /**
     * View 2's focal from the network pass with view 2 first (its pts3d in its own frame): Weiszfeld,
     * clamped to [0.5, 3.5] x focal_base as sparse_ga does (ref: mast3r/cloud_opt/sparse_ga.py).
     */
    public static double focalFromOwnPointmap(ViewOutput own) {
        return FocalEstimation.estimate(own.pts3d(), own.height(), own.width(), own.width() / 2.0, own.height() / 2.0,
                FocalEstimation.Mode.WEISZFELD, FocalEstimation.SPARSE_GA_MIN, FocalEstimation.SPARSE_GA_MAX);
    }
}
