package org.mast3r.geometry;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Robust absolute pose from world points [N,3] and their pixels [N,2]: RANSAC over P3P samples with
 * the adaptive stopping rule, a local Levenberg-Marquardt step whenever a hypothesis beats the best
 * (LO-RANSAC, Chum et al. 2003), then LM on all inliers, re-collecting the inliers until they settle.
 * <p>ref: dust3r_visloc/localization.py run_pnp: cv2.solvePnPRansac(SOLVEPNP_SQPNP, 10,000 iterations,
 * 5 px, confidence 0.9999). Departures: cv2 draws 5-point samples and solves each with SQPnP; we draw
 * 3 and score every P3P root (fewer samples for the same confidence at a given outlier rate); samples
 * come from a seeded SplittableRandom; the inliers are refined by LM (the fixture's cv2 run adds
 * cv2.solvePnPRefineLM; run_pnp itself keeps cv2's final SQPnP fit on the inliers).
 */
public final class Pnp {
    private static final int LOCAL_ITERATIONS = 10;
    private static final int FINAL_ROUNDS = 4;

    private Pnp() {}

    public static PnpResult solve(double[] world, double[] xy, Intrinsics k, PnpOptions options) {
        if (world.length % 3 != 0 || xy.length % 2 != 0 || world.length / 3 != xy.length / 2)
            throw new IllegalArgumentException("PnP needs world [N,3] and pixels [N,2] of the same N, got "
                    + world.length + " and " + xy.length + " values");
        int n = xy.length / 2;
        boolean[] usable = new boolean[n];
        int[] pool = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            usable[i] = Double.isFinite(world[3 * i]) && Double.isFinite(world[3 * i + 1]) && Double.isFinite(world[3 * i + 2])
                    && Double.isFinite(xy[2 * i]) && Double.isFinite(xy[2 * i + 1]);
            if (usable[i]) pool[m++] = i;
        }
        if (m < 4) return placeholder(n, 0, SolveStatus.TOO_FEW_POINTS);
        double[] rays = k.rays(xy);
        if (Degeneracy.collinear(world, usable) || Degeneracy.raysCoplanar(rays, usable))
            return placeholder(n, 0, SolveStatus.DEGENERATE);

        double th2 = options.thresholdPx() * options.thresholdPx();
        SplittableRandom random = new SplittableRandom(options.seed());
        double[] err = new double[n];
        int[] sample = new int[3];
        double[] sw = new double[9], sr = new double[9];
        double[] best = null;
        int bestCount = 0;
        long needed = options.maxIterations();
        int it = 0;
        for (; it < needed; it++) {
            Sampling.distinct(random, m, sample);
            for (int j = 0; j < 3; j++) {
                System.arraycopy(world, 3 * pool[sample[j]], sw, 3 * j, 3);
                System.arraycopy(rays, 3 * pool[sample[j]], sr, 3 * j, 3);
            }
            if (Math.abs(det3(sr)) < 1e-9) continue;
            for (double[] pose : P3p.solve(sw, sr)) {
                int count = Reprojection.squaredErrors(pose, world, xy, k, th2, err, bestCount + 1);
                if (count <= bestCount) continue;
                if (count >= options.minInliers()) {
                    // LO step: a short LM on this hypothesis' inliers, kept if it gathers at least as many
                    double[] local = PoseRefiner.refine(pose, world, xy, k, mask(err, th2), LOCAL_ITERATIONS);
                    int localCount = score(local, world, xy, k, th2, err);
                    if (localCount >= count) { pose = local; count = localCount; }
                }
                best = pose;
                bestCount = count;
                needed = Math.min(options.maxIterations(), Sampling.iterationsFor(options.confidence(), (double) count / m, 3));
            }
        }
        if (best == null || bestCount < options.minInliers()) return placeholder(n, it, SolveStatus.NO_CONSENSUS);

        score(best, world, xy, k, th2, err);
        for (int round = 0; round < FINAL_ROUNDS; round++) {
            boolean[] in = mask(err, th2);
            double[] refined = PoseRefiner.refine(best, world, xy, k, in, PoseRefiner.MAX_ITERATIONS);
            double[] errNew = new double[n];
            int count = score(refined, world, xy, k, th2, errNew);
            if (count < bestCount) break;
            boolean same = Arrays.equals(in, mask(errNew, th2));
            best = refined;
            bestCount = count;
            err = errNew;
            if (same) break;
        }
        boolean[] inliers = mask(err, th2);
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) residuals[i] = Math.sqrt(err[i]);
        SolveStatus status = Degeneracy.collinear(world, inliers) || Degeneracy.raysCoplanar(rays, inliers)
                ? SolveStatus.DEGENERATE : SolveStatus.OK;
        return new PnpResult(Arrays.copyOf(best, 9), Arrays.copyOfRange(best, 9, 12), inliers, bestCount, residuals, it, status);
    }

    // inlier count of a {R, t} pose; squared errors into err (non-finite inputs give +infinity, never inliers)
    private static int score(double[] pose, double[] world, double[] xy, Intrinsics k, double th2, double[] err) {
        return Reprojection.squaredErrors(pose, world, xy, k, th2, err);
    }

    private static boolean[] mask(double[] err, double th2) {
        boolean[] in = new boolean[err.length];
        for (int i = 0; i < err.length; i++) in[i] = err[i] <= th2;
        return in;
    }

    private static double det3(double[] a) {
        return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
    }

    private static PnpResult placeholder(int n, int iterations, SolveStatus status) {
        double[] res = new double[n];
        Arrays.fill(res, Double.POSITIVE_INFINITY);
        return new PnpResult(Rotations.identity(), new double[3], new boolean[n], 0, res, iterations, status);
    }
}
