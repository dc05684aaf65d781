package org.mast3r.scene.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mast3r.geometry.Rotations;

/** The analytic Jacobians against central finite differences, and the whole linearisation against Gauss-Newton's promise. */
class ProjectionTest {

    @Test
    void jacobiansMatchFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] r = new double[2], jCam = new double[18], jPt = new double[6], plus = new double[2], minus = new double[2];
        for (int trial = 0; trial < 50; trial++) {
            double[] cams = new double[CameraArray.STRIDE];
            System.arraycopy(Rotations.exp(rnd.nextDouble(-2, 2), rnd.nextDouble(-2, 2), rnd.nextDouble(-2, 2)), 0, cams, 0, 9);
            for (int a = 0; a < 3; a++) cams[CameraArray.C + a] = rnd.nextDouble(-3, 3);
            cams[CameraArray.FX] = rnd.nextDouble(200, 600);
            cams[CameraArray.FY] = cams[CameraArray.FX] * rnd.nextDouble(0.9, 1.1);
            cams[CameraArray.CX] = rnd.nextDouble(100, 300);
            cams[CameraArray.CY] = rnd.nextDouble(100, 200);
            // a point 2 to 8 units in front: C + R^T (x, y, z)
            double[] local = {rnd.nextDouble(-1, 1), rnd.nextDouble(-1, 1), rnd.nextDouble(2, 8)};
            double[] world = Rotations.apply(Rotations.transpose(java.util.Arrays.copyOf(cams, 9)), local);
            double[] pts = new double[3];
            for (int a = 0; a < 3; a++) pts[a] = world[a] + cams[CameraArray.C + a];
            double ox = rnd.nextDouble(0, 400), oy = rnd.nextDouble(0, 300);
            assertTrue(Projection.linearise(cams, 0, pts, 0, ox, oy, r, jCam, jPt) > 0);

            double h = 1e-6;
            for (int slot = 0; slot < Projection.SLOTS; slot++) {
                residual(moveCamera(cams, slot, h), pts, ox, oy, plus);
                residual(moveCamera(cams, slot, -h), pts, ox, oy, minus);
                for (int row = 0; row < 2; row++)
                    assertEquals((plus[row] - minus[row]) / (2 * h), jCam[row * Projection.SLOTS + slot],
                            1e-5 * (1 + Math.abs(jCam[row * Projection.SLOTS + slot])), "camera slot " + slot + " row " + row);
            }
            for (int a = 0; a < 3; a++) {
                double[] p = pts.clone(), m = pts.clone();
                p[a] += h;
                m[a] -= h;
                residual(cams, p, ox, oy, plus);
                residual(cams, m, ox, oy, minus);
                for (int row = 0; row < 2; row++)
                    assertEquals((plus[row] - minus[row]) / (2 * h), jPt[3 * row + a], 1e-5 * (1 + Math.abs(jPt[3 * row + a])), "point " + a);
            }
        }
    }

    /**
     * One undamped step from near the least-squares optimum lands on it to second order: this holds only
     * when every Jacobian, the gauge's tangent slots, the shared columns, the Schur complement and the
     * back-substitution agree. A robust scale of 1e6 px makes the loss plain least squares. (A focal and
     * a principal point per camera would be too weakly told apart by 5 views for an undamped step.)
     */
    @Test
    void oneGaussNewtonStepFromNearTheOptimumReachesIt() {
        for (boolean shared : new boolean[] {false, true}) {
            SplittableRandom rnd = new SplittableRandom(shared ? 5 : 4);
            SyntheticScene scene = SyntheticScene.make(rnd, 5, 200, 0, 0, 0);
            BundleOptions options = new BundleOptions(100, 1e6, true, shared, shared, Set.of(), Set.of());
            double[] input = CameraArray.pack(scene.truth());
            List<Track> tracks = Tracks.build(5, scene.matches());
            double[] pts = new double[3 * tracks.size()];
            for (int t = 0; t < tracks.size(); t++) {
                double[] xy = new double[tracks.get(t).xy().length];
                for (int i = 0; i < xy.length; i++) xy[i] = tracks.get(t).xy()[i];
                System.arraycopy(Triangulation.point(input, tracks.get(t).images(), xy), 0, pts, 3 * t, 3);
            }
            Objective objective = Objective.of(tracks, options.robustScalePx());
            boolean[] seen = new boolean[5];
            for (int j : objective.cam) seen[j] = true;
            Parameterisation par = Parameterisation.of(input, seen, options);
            assertTrue(par.scaleCamera >= 0);
            double[] cams = par.start(input);
            double[] best = LevenbergMarquardt.run(objective, par, cams, pts, 100, 1e9).points();
            double optimum = objective.cost(cams, best);

            double[] step = new double[par.dim];
            for (int i = 0; i < par.dim; i++) step[i] = 1e-3 * rnd.nextGaussian();
            double[] camsNear = new double[cams.length], ptsNear = best.clone();
            par.apply(cams, step, camsNear);
            for (int i = 0; i < ptsNear.length; i++) ptsNear[i] += 1e-3 * rnd.nextGaussian();
            SchurSystem system = new SchurSystem(par, objective);
            double before = objective.linearise(camsNear, ptsNear, par, system);
            double[] dCam = new double[par.dim], dPt = new double[ptsNear.length], camsAfter = new double[cams.length];
            assertTrue(system.solve(0, dCam, dPt));
            par.apply(camsNear, dCam, camsAfter);
            for (int i = 0; i < ptsNear.length; i++) ptsNear[i] += dPt[i];
            double after = objective.cost(camsAfter, ptsNear);
            assertTrue(before - optimum > 1, "the perturbation must cost something: " + (before - optimum));
            assertTrue(after - optimum < 1e-3 * (before - optimum),
                    "shared " + shared + ": excess cost " + (before - optimum) + " -> " + (after - optimum));
        }
    }

    private static double[] moveCamera(double[] cams, int slot, double h) {
        double[] out = cams.clone();
        if (slot < 3) {
            double[] w = new double[3];
            w[slot] = h;
            System.arraycopy(Rotations.multiply(Rotations.exp(w[0], w[1], w[2]), java.util.Arrays.copyOf(cams, 9)), 0, out, 0, 9);
        } else if (slot < 6) {
            out[CameraArray.C + slot - 3] += h;
        } else if (slot == Projection.FOCAL) {
            out[CameraArray.FX] += h;
            out[CameraArray.FY] += h;
        } else {
            out[CameraArray.CX + slot - Projection.PP] += h;
        }
        return out;
    }

    private static void residual(double[] cams, double[] pts, double ox, double oy, double[] out) {
        Projection.residual(cams, 0, pts, 0, ox, oy, out);
    }
}
