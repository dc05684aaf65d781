package org.mast3r.scene.refine;

import org.mast3r.scene.align.PairCorrespondences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The final bundle adjustment of a multi-view scene (--refine): Levenberg-Marquardt on the robust
 * reprojection error ({@link Objective}) of camera poses, focals (optionally principal points) and one 3D
 * point per track, with the points eliminated by a Schur complement ({@link SchurSystem}).
 * <p>Steps: tracks from the pair matches ({@link Tracks}); their points by DLT from the input cameras
 * ({@link Triangulation}, dropping those behind a camera or at infinity); LM from there
 * ({@link LevenbergMarquardt}), in the gauge that {@link Parameterisation} fixes. Nothing moves when no
 * track is left, before LM or after it: the result then holds copies of the input cameras.
 */
public final class BundleAdjustment {
    /** Observations within this many robust scales of their projection are the report's inliers. */
    static final double INLIER_SCALES = 3;

    private BundleAdjustment() {}

    public static BundleResult refine(List<Camera> cameras, List<PairCorrespondences> matches, BundleOptions options) {
        long begin = System.nanoTime();
        int n = cameras.size();
        for (int j : options.fixedPoses()) checkIndex(j, n, "fixedPoses");
        for (int j : options.fixedIntrinsics()) checkIndex(j, n, "fixedIntrinsics");
        double[] input = CameraArray.pack(cameras);

        SceneTracks.Triangulated start = SceneTracks.of(cameras, matches);
        List<Track> tracks = start.tracks();
        if (tracks.isEmpty()) return unchanged(cameras, 0, begin);
        double[] pts = start.points();

        Objective objective = Objective.of(tracks, options.robustScalePx());
        boolean[] seen = new boolean[n];
        for (int j : objective.cam) seen[j] = true;
        Parameterisation par = Parameterisation.of(input, seen, options);
        double[] cams = par.start(input);
        double inlierPx = INLIER_SCALES * options.robustScalePx();
        LevenbergMarquardt.Outcome lm = LevenbergMarquardt.run(objective, par, cams, pts.clone(), options.maxIterations(), inlierPx);
        boolean anyLeft = false;
        for (boolean a : objective.active) anyLeft |= a;
        if (!anyLeft) return unchanged(cameras, lm.iterations(), begin);

        List<Camera> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            Camera c = cameras.get(j);
            double[] k = CameraArray.intrinsics(cams, j, c.K(), par.focalMoves(j), par.principalPointMoves(j));
            out.add(new Camera(k, par.poseMoves(j) ? CameraArray.cam2w(cams, j) : c.cam2w().clone()));
        }
        // the tracks and observations in the problem at the end; their initial points are the DLT ones
        double[] initialPts = new double[3 * objective.tracks()];
        for (int t = 0; t < objective.tracks(); t++) System.arraycopy(pts, 3 * objective.trackId[t], initialPts, 3 * t, 3);
        double[] initialErrors = objective.errors(input, initialPts), finalErrors = objective.errors(cams, lm.points());
        List<Track> kept = new ArrayList<>();
        double[] keptPoints = new double[3 * objective.tracks()];
        for (int t = 0; t < objective.tracks(); t++) {
            if (!objective.active[t]) continue;
            System.arraycopy(lm.points(), 3 * t, keptPoints, 3 * kept.size(), 3);
            kept.add(objective.track(t));
        }
        return new BundleResult(out, Arrays.copyOf(keptPoints, 3 * kept.size()), kept,
                report(kept.size(), initialErrors, finalErrors, inlierPx, lm.iterations(), seconds(begin)));
    }

    // copies of the input cameras: no track supports a change
    private static BundleResult unchanged(List<Camera> cameras, int iterations, long begin) {
        List<Camera> same = new ArrayList<>();
        for (Camera c : cameras) same.add(new Camera(c.K().clone(), c.cam2w().clone()));
        return new BundleResult(same, new double[0], List.of(), new BundleReport(0, 0, 0, iterations,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, seconds(begin)));
    }

    // statistics over the observations whose final error is at most the inlier threshold, before and
    // after; observations out of the cost have NaN final errors and count nowhere
    private static BundleReport report(int tracks, double[] initial, double[] fin, double threshold, int iterations, double seconds) {
        int m = 0, observations = 0;
        double[] a = new double[fin.length], b = new double[fin.length];
        for (int o = 0; o < fin.length; o++) {
            if (!Double.isNaN(fin[o])) observations++;
            if (fin[o] <= threshold) {
                a[m] = initial[o];
                b[m++] = fin[o];
            }
        }
        return new BundleReport(tracks, observations, m, iterations, mean(a, m), mean(b, m), median(a, m), median(b, m), seconds);
    }

    private static double mean(double[] v, int m) {
        double s = 0;
        for (int i = 0; i < m; i++) s += v[i];
        return m > 0 ? s / m : Double.NaN;
    }

    private static double median(double[] v, int m) {
        if (m == 0) return Double.NaN;
        double[] sorted = Arrays.copyOf(v, m);
        Arrays.sort(sorted);
        return m % 2 == 1 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
    }

    private static void checkIndex(int j, int n, String what) {
        if (j < 0 || j >= n) throw new IllegalArgumentException(what + " names camera " + j + ", but there are " + n);
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) * 1e-9;
    }
}
