package org.mast3r.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The minimal solver alone: the true pose is among the P3P roots for random triangles. */
class PnpP3pTest {

    @Test
    void trueRootAmongSolutions() {
        SplittableRandom rnd = new SplittableRandom(3);
        int found = 0, trials = 500;
        for (int trial = 0; trial < trials; trial++) {
            SyntheticScene s = SyntheticScene.random(rnd, 3, 0, 0, false);
            double[] rays = s.k().rays(s.xy());
            double best = Double.POSITIVE_INFINITY;
            for (double[] pose : P3p.solve(s.world(), rays)) {
                double[] r = java.util.Arrays.copyOf(pose, 9);
                double[] t = java.util.Arrays.copyOfRange(pose, 9, 12);
                PoseErrors e = PoseErrors.of(r, t, s.r(), s.t());
                best = Math.min(best, e.rotationDeg() + Math.hypot(Math.hypot(t[0] - s.t()[0], t[1] - s.t()[1]), t[2] - s.t()[2]));
            }
            if (best < 1e-5) found++;
        }
        // a near-double root can be lost to round-off now and then; RANSAC draws another sample
        assertTrue(found >= trials - 2, "true pose among P3P roots in " + found + " of " + trials);
    }

    @Test
    void collinearTriangleGivesNothing() {
        double[] world = {0, 0, 5, 1, 0, 5, 2, 0, 5};
        double[] rays = Intrinsics.centred(500, 640, 480).rays(new double[] {320, 240, 420, 240, 520, 240});
        assertEquals(0, P3p.solve(world, rays).length);
    }
}
