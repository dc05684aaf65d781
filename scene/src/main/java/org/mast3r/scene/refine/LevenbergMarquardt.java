package org.mast3r.scene.refine;

/**
 * The LM loop of {@link BundleAdjustment}. Each iteration solves the damped normal equations
 * ({@link SchurSystem}); the step is taken when it lowers the cost (lambda / 10), refused otherwise
 * (lambda x 10). The loop stops after {@code maxIterations} solves, when a taken step lowers the cost by
 * less than 1e-10 of it, or when lambda passes 1e16.
 * <p>Three things keep the tail short on scenes with wrong matches, all documented where they live:
 * points that a taken step carries behind a camera or out to infinity are dropped
 * ({@link Objective#holdStrays}); after each taken step every point takes a few steps of its own with the
 * cameras held ({@link Objective#refinePoints}); and once the cameras have settled (a taken step lowers
 * the cost by less than 1e-6 of it) observations beyond the inlier threshold leave the cost, once
 * ({@link Objective#prune}).
 */
final class LevenbergMarquardt {
    static final double STOP_RELATIVE = 1e-10, SETTLED_RELATIVE = 1e-6;
    static final int POINT_STEPS = 3;
    private static final double LAMBDA_START = 1e-4, LAMBDA_MIN = 1e-12, LAMBDA_MAX = 1e16;

    private LevenbergMarquardt() {}

    /** The points [T,3] of the objective's tracks as they stand at the end, and the number of damped solves. */
    record Outcome(double[] points, int iterations) {}

    /** Moves {@code cams} in place to the solution, starting the points from {@code pts} [T,3]. */
    static Outcome run(Objective objective, Parameterisation par, double[] cams, double[] pts, int maxIterations, double inlierPx) {
        SchurSystem system = new SchurSystem(par, objective);
        double[] dCam = new double[par.dim], dPt = new double[pts.length];
        double[] camsNew = new double[cams.length], ptsNew = new double[pts.length];
        boolean[] stray = new boolean[objective.tracks()];
        boolean pruned = false;
        double cost = objective.linearise(cams, pts, par, system);
        double lambda = LAMBDA_START;
        int it = 0;
        while (it < maxIterations && lambda <= LAMBDA_MAX && Double.isFinite(cost) && cost > 0) {
            it++;
            if (!system.solve(lambda, dCam, dPt)) {
                lambda *= 10;
                continue;
            }
            par.apply(cams, dCam, camsNew);
            for (int i = 0; i < pts.length; i++) ptsNew[i] = pts[i] + dPt[i];
            int strays = objective.holdStrays(camsNew, pts, ptsNew, stray);
            double costNew = objective.cost(camsNew, ptsNew);
            if (!(costNew < cost)) {
                lambda *= 10;
                continue;
            }
            boolean converged = strays == 0 && cost - costNew < STOP_RELATIVE * cost;
            boolean settled = cost - costNew < SETTLED_RELATIVE * cost;
            System.arraycopy(camsNew, 0, cams, 0, cams.length);
            System.arraycopy(ptsNew, 0, pts, 0, pts.length);
            objective.drop(stray);
            if (settled && !pruned) {
                pruned = true;
                int before = objective.observations();
                pts = objective.prune(cams, pts, inlierPx);
                converged &= objective.observations() == before;
                system = new SchurSystem(par, objective);
                dPt = new double[pts.length];
                ptsNew = new double[pts.length];
                stray = new boolean[objective.tracks()];
            }
            if (converged) break;
            objective.refinePoints(cams, pts, POINT_STEPS);
            cost = objective.linearise(cams, pts, par, system);
            lambda = Math.max(lambda / 10, LAMBDA_MIN);
        }
        return new Outcome(pts, it);
    }
}
