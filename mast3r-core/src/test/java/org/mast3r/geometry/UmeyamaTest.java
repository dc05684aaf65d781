package org.mast3r.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** 3D-3D alignment: the fixture's pts2 onto pts2_in_1, random similarities, degenerate sets. */
class UmeyamaTest {

    @Test
    void fixturePointmapAlignmentGivesGroundTruth() {
        for (GeometryFixture fx : GeometryFixture.all()) {
            int n = fx.width() * fx.height();
            double[] src = new double[3 * n], dst = new double[3 * n];
            for (int i = 0; i < n; i++) {
                double[] p = {fx.pts2()[3 * i], fx.pts2()[3 * i + 1], fx.pts2()[3 * i + 2]};
                double[] q = Rotations.apply(fx.r2to1(), p);
                System.arraycopy(p, 0, src, 3 * i, 3);
                for (int k = 0; k < 3; k++) dst[3 * i + k] = q[k] + fx.t2to1()[k];   // pts2 @ R^T + t
            }
            Similarity s = Umeyama.fit(src, dst, true);
            assertTrue(s.ok());
            assertEquals(0, Rotations.angleDeg(s.rotation(), fx.r2to1()), 1e-9, fx.name());
            assertArrayEquals(fx.t2to1(), s.translation(), 1e-9, fx.name());
            assertEquals(1, s.scale(), 1e-12, fx.name());
            assertEquals(n, s.inlierCount());
        }
    }

    @Test
    void randomSimilarityWithOutliers() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int trial = 0; trial < 10; trial++) {
            int n = 500;
            double[] r = Rotations.exp(rnd.nextDouble(-2, 2), rnd.nextDouble(-2, 2), rnd.nextDouble(-2, 2));
            double[] t = {rnd.nextDouble(-5, 5), rnd.nextDouble(-5, 5), rnd.nextDouble(-5, 5)};
            double scale = rnd.nextDouble(0.2, 5);
            double[] src = new double[3 * n], dst = new double[3 * n];
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                double[] p = {rnd.nextDouble(-3, 3), rnd.nextDouble(-3, 3), rnd.nextDouble(-3, 3)};
                double[] q = Rotations.apply(r, p);
                System.arraycopy(p, 0, src, 3 * i, 3);
                out[i] = i % 3 == 0;
                for (int k = 0; k < 3; k++)
                    dst[3 * i + k] = out[i] ? rnd.nextDouble(-20, 20) : scale * q[k] + t[k] + 1e-3 * rnd.nextGaussian();
            }
            Similarity s = Umeyama.ransac(src, dst, true, 0.02, 0.9999, 10_000, new SplittableRandom(trial));
            assertTrue(s.ok());
            assertEquals(0, Rotations.angleDeg(s.rotation(), r), 0.01, "trial " + trial);
            assertEquals(scale, s.scale(), 1e-3 * scale);
            assertArrayEquals(t, s.translation(), 1e-2);
            for (int i = 0; i < n; i++) assertEquals(!out[i], s.inliers()[i], "point " + i);
            // without scale on the same data (scale 1 forced) the least-squares fit still returns a rotation
            Similarity rigid = Umeyama.fit(src, dst, false);
            assertEquals(1, rigid.scale());
            assertEquals(1, determinant(rigid.rotation()), 1e-12);
        }
    }

    @Test
    void degenerateSetsAreFlagged() {
        assertEquals(SolveStatus.TOO_FEW_POINTS, Umeyama.fit(new double[6], new double[6], true).status());
        double[] line = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        Similarity s = Umeyama.fit(line, line, true);
        assertEquals(SolveStatus.DEGENERATE, s.status());
        for (double v : s.rotation()) assertTrue(Double.isFinite(v));
        assertEquals(SolveStatus.DEGENERATE, Umeyama.ransac(line, line, false, 0.1, 0.99, 100, new SplittableRandom(0)).status());
    }

    private static double determinant(double[] a) {
        return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
    }
}
