package org.mast3r.geometry;

/**
 * Levenberg-Marquardt on the summed squared reprojection error (pixels) of the selected points,
 * over a pose X_cam = R X + t with the update R <- exp([dw]x) R, t <- t + dt. Plays the part of
 * cv2.solvePnPRefineLM (ref: dust3r_visloc/localization.py run_pnp; its brief asks for the refinement
 * that the fixture's cv2 run applies after solvePnPRansac). Marquardt's damping of the diagonal,
 * lambda / 10 on a gain and x 10 on a loss.
 */
final class PoseRefiner {
    static final int MAX_ITERATIONS = 50;

    private PoseRefiner() {}

    /** {@code pose} = {R (9), t (3)} refined on the points where {@code use} is true, at most {@code maxIterations} steps. */
    static double[] refine(double[] pose, double[] world, double[] xy, Intrinsics k, boolean[] use, int maxIterations) {
        double[] r = java.util.Arrays.copyOf(pose, 9), t = java.util.Arrays.copyOfRange(pose, 9, 12);
        double[] jtj = new double[36], jtr = new double[6];
        double cost = normalEquations(r, t, world, xy, k, use, jtj, jtr);
        double lambda = 1e-3;
        for (int it = 0; it < maxIterations && Double.isFinite(cost); it++) {
            double[] a = jtj.clone();
            for (int i = 0; i < 6; i++) a[7 * i] += lambda * Math.max(jtj[7 * i], 1e-12);
            double[] step = LinearSolve.solve(a, negate(jtr), 6);
            if (step == null) { lambda *= 10; continue; }
            double[] rNew = Rotations.multiply(Rotations.exp(step[0], step[1], step[2]), r);
            double[] tNew = {t[0] + step[3], t[1] + step[4], t[2] + step[5]};
            double[] jtjNew = new double[36], jtrNew = new double[6];
            double costNew = normalEquations(rNew, tNew, world, xy, k, use, jtjNew, jtrNew);
            if (costNew < cost) {
                boolean converged = cost - costNew <= 1e-12 * cost;
                r = rNew; t = tNew; cost = costNew; jtj = jtjNew; jtr = jtrNew;
                lambda = Math.max(lambda / 10, 1e-12);
                if (converged) break;
            } else {
                lambda *= 10;
                if (lambda > 1e12) break;
            }
        }
        double[] out = new double[12];
        System.arraycopy(r, 0, out, 0, 9);
        System.arraycopy(t, 0, out, 9, 3);
        return out;
    }

    /**
     * Fills J^T J and J^T e (6 unknowns: dw, dt) and returns sum e^2; a selected point behind the camera
     * makes the cost infinite, so a step that flips one is refused.
     * d(pixel)/d(X_cam) = [[fx/Z, 0, -fx X/Z^2], [0, fy/Z, -fy Y/Z^2]]; d(X_cam)/d(dw) = -[R p]x, d/d(dt) = I.
     */
    static double normalEquations(double[] r, double[] t, double[] world, double[] xy, Intrinsics k, boolean[] use,
                                  double[] jtj, double[] jtr) {
        java.util.Arrays.fill(jtj, 0);
        java.util.Arrays.fill(jtr, 0);
        double fx = k.fx(), fy = k.fy(), cx = k.cx(), cy = k.cy();
        double cost = 0;
        double[] ju = new double[6], jv = new double[6];
        int n = xy.length / 2;
        for (int i = 0; i < n; i++) {
            if (!use[i]) continue;
            double px = world[3 * i], py = world[3 * i + 1], pz = world[3 * i + 2];
            double rx = r[0] * px + r[1] * py + r[2] * pz, ry = r[3] * px + r[4] * py + r[5] * pz, rz = r[6] * px + r[7] * py + r[8] * pz;
            double x = rx + t[0], y = ry + t[1], z = rz + t[2];
            if (!(z > 0)) return Double.POSITIVE_INFINITY;
            double iz = 1 / z;
            double eu = fx * x * iz + cx - xy[2 * i], ev = fy * y * iz + cy - xy[2 * i + 1];
            cost += eu * eu + ev * ev;
            double ux = fx * iz, uz = -fx * x * iz * iz, vy = fy * iz, vz = -fy * y * iz * iz;
            // d(X_cam)/d(dw) = dw x (R p) = -[R p]x: columns (0, -rz, ry), (rz, 0, -rx), (-ry, rx, 0)
            ju[0] = uz * ry; ju[1] = ux * rz - uz * rx; ju[2] = -ux * ry; ju[3] = ux; ju[4] = 0; ju[5] = uz;
            jv[0] = -vy * rz + vz * ry; jv[1] = -vz * rx; jv[2] = vy * rx; jv[3] = 0; jv[4] = vy; jv[5] = vz;
            for (int a = 0; a < 6; a++) {
                jtr[a] += ju[a] * eu + jv[a] * ev;
                for (int b = a; b < 6; b++) jtj[6 * a + b] += ju[a] * ju[b] + jv[a] * jv[b];
            }
        }
        for (int a = 0; a < 6; a++) for (int b = 0; b < a; b++) jtj[6 * a + b] = jtj[6 * b + a];
        return cost;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = -v[i];
        return out;
    }
}
