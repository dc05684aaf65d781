package org.mast3r.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RANSAC P3P + LM on synthetic problems with known truth and on degenerate input. */
class PnpTest {

    @Test
    void exactDataGivesExactPose() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            SyntheticScene s = SyntheticScene.random(rnd, 50 + rnd.nextInt(200), 0, 0, false);
            PnpResult r = Pnp.solve(s.world(), s.xy(), s.k(), PnpOptions.defaults(trial));
            assertTrue(r.ok(), r.status().toString());
            PoseErrors e = PoseErrors.of(r.rotation(), r.translation(), s.r(), s.t());
            assertEquals(0, e.rotationDeg(), 1e-6, "trial " + trial);
            assertArrayEquals(s.t(), r.translation(), 1e-6, "trial " + trial);
            assertEquals(s.xy().length / 2, r.inlierCount());
            assertTrue(r.medianInlierResidual() < 1e-6);
        }
    }

    @Test
    void noiseAndOutliersAreSeparated() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (double frac : new double[] {0.1, 0.3, 0.5, 0.7, 0.85}) {
            for (boolean planar : new boolean[] {false, true}) {
                SyntheticScene s = SyntheticScene.random(rnd, 2000, 0.5, frac, planar);
                PnpResult r = Pnp.solve(s.world(), s.xy(), s.k(), PnpOptions.defaults(5));
                assertTrue(r.ok(), frac + " " + planar + " " + r.status());
                PoseErrors e = PoseErrors.of(r.rotation(), r.translation(), s.r(), s.t());
                assertTrue(e.rotationDeg() < 0.1, "rotation " + e.rotationDeg() + " at outliers " + frac + " planar " + planar);
                int wrong = 0, missed = 0;
                for (int i = 0; i < s.isOutlier().length; i++) {
                    if (r.inliers()[i] && s.isOutlier()[i] && r.residuals()[i] > 5) wrong++;
                    if (!r.inliers()[i] && !s.isOutlier()[i]) missed++;
                }
                assertEquals(0, wrong);
                assertTrue(missed < 5, missed + " true inliers rejected");
            }
        }
    }

    @Test
    void sameSeedSameResult() {
        SyntheticScene s = SyntheticScene.random(new SplittableRandom(2), 500, 1, 0.4, false);
        PnpResult a = Pnp.solve(s.world(), s.xy(), s.k(), PnpOptions.defaults(42));
        PnpResult b = Pnp.solve(s.world(), s.xy(), s.k(), PnpOptions.defaults(42));
        assertArrayEquals(a.rotation(), b.rotation(), 0);
        assertArrayEquals(a.translation(), b.translation(), 0);
        assertEquals(a.iterations(), b.iterations());
    }

    @Test
    void fewerThanFourPoints() {
        SyntheticScene s = SyntheticScene.random(new SplittableRandom(1), 3, 0, 0, false);
        PnpResult r = Pnp.solve(s.world(), s.xy(), s.k(), PnpOptions.defaults(0));
        assertEquals(SolveStatus.TOO_FEW_POINTS, r.status());
        assertFinitePlaceholder(r);
        PnpResult none = Pnp.solve(new double[0], new double[0], s.k(), PnpOptions.defaults(0));
        assertEquals(SolveStatus.TOO_FEW_POINTS, none.status());
    }

    @Test
    void collinearWorldPointsAreDegenerate() {
        double[] world = new double[300];
        for (int i = 0; i < 100; i++) {
            world[3 * i] = -2 + 0.04 * i; world[3 * i + 1] = 0.5 + 0.01 * i; world[3 * i + 2] = 4 + 0.02 * i;
        }
        PnpResult r = solveExact(world);
        assertEquals(SolveStatus.DEGENERATE, r.status());
        assertFinitePlaceholder(r);
    }

    @Test
    void pointsOnAPlaneThroughTheCentreAreDegenerate() {
        // every image point on the line y = cy: all rays lie in one plane, the pose can slide in it
        SplittableRandom rnd = new SplittableRandom(5);
        double[] world = new double[300];
        for (int i = 0; i < 100; i++) {
            world[3 * i] = rnd.nextDouble(-3, 3); world[3 * i + 1] = 0; world[3 * i + 2] = rnd.nextDouble(2, 9);
        }
        PnpResult r = solveExact(world);
        assertEquals(SolveStatus.DEGENERATE, r.status());
        assertFinitePlaceholder(r);
    }

    @Test
    void allOutliersGiveNoConsensus() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int n : new int[] {300, 5000}) {
            SyntheticScene s = SyntheticScene.random(rnd, n, 0, 1.0, false);
            PnpResult r = Pnp.solve(s.world(), s.xy(), s.k(), PnpOptions.defaults(1));
            assertEquals(SolveStatus.NO_CONSENSUS, r.status(), n + " points, " + r.inlierCount() + " inliers");
            assertFinitePlaceholder(r);
            assertEquals(PnpOptions.MAX_ITERATIONS, r.iterations());
        }
    }

    @Test
    void nonFinitePointsAreNeverInliers() {
        SyntheticScene s = SyntheticScene.random(new SplittableRandom(4), 200, 0, 0, false);
        double[] world = s.world().clone();
        world[3 * 7 + 2] = Double.NaN;
        world[3 * 9] = Double.POSITIVE_INFINITY;
        PnpResult r = Pnp.solve(world, s.xy(), s.k(), PnpOptions.defaults(0));
        assertTrue(r.ok());
        assertFalse(r.inliers()[7]);
        assertFalse(r.inliers()[9]);
        assertEquals(198, r.inlierCount());
    }

    @Test
    void mismatchedLengthsThrow() {
        Intrinsics k = Intrinsics.centred(500, 640, 480);
        assertThrows(IllegalArgumentException.class, () -> Pnp.solve(new double[12], new double[6], k, PnpOptions.defaults(0)));
        assertThrows(IllegalArgumentException.class, () -> Intrinsics.centred(0, 640, 480));
    }

    // camera = world frame, f = 500 at 640x480, pixels projected without noise
    private static PnpResult solveExact(double[] world) {
        Intrinsics k = Intrinsics.centred(500, 640, 480);
        int n = world.length / 3;
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = k.fx() * world[3 * i] / world[3 * i + 2] + k.cx();
            xy[2 * i + 1] = k.fy() * world[3 * i + 1] / world[3 * i + 2] + k.cy();
        }
        return Pnp.solve(world, xy, k, PnpOptions.defaults(0));
    }

    private static void assertFinitePlaceholder(PnpResult r) {
        for (double v : r.rotation()) assertTrue(Double.isFinite(v));
        for (double v : r.translation()) assertTrue(Double.isFinite(v));
    }
}
