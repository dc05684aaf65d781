package org.mast3r.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mast3r.matching.Matches;
import org.mast3r.model.ViewOutput;

/** The pair pose on the fixture's noisy correspondences, through the Matches API, and its timing. */
class RelativePoseGeometryTest {

    @Test
    void fixturePoseWithinManifestBounds() {
        JsonNode bounds = GeometryFixture.manifest().path("tolerances").path("pose_on_noisy_correspondences");
        for (GeometryFixture fx : GeometryFixture.all()) {
            PairPose p = RelativePose.solve(fx.corrPts3d(), fx.xy2Noisy(), fx.intrinsics2(), PnpOptions.defaults(0));
            PoseErrors e = PoseErrors.of(p.rotation(), p.translation(), fx.r2to1(), fx.t2to1());
            int acceptedOutliers = 0, rejectedInliers = 0;
            for (int i = 0; i < p.matchCount(); i++) {
                if (p.inliers()[i] && fx.isOutlier()[i]) acceptedOutliers++;
                if (!p.inliers()[i] && !fx.isOutlier()[i]) rejectedInliers++;
            }
            System.out.printf("pose %s: rot %.5f deg, dir %.5f deg, metric %.5f%%, %d/%d inliers, median %.3f px, "
                            + "%d outliers accepted, %d true inliers rejected%n", fx.name(), e.rotationDeg(), e.directionDeg(),
                    100 * e.metricRel(), p.inlierCount(), p.matchCount(), p.medianReprojectionPx(), acceptedOutliers, rejectedInliers);
            assertFalse(p.lowConfidence());
            assertTrue(e.rotationDeg() <= bounds.path("rotation_deg").asDouble(), fx.name() + " rotation " + e.rotationDeg());
            assertTrue(e.directionDeg() <= bounds.path("translation_direction_deg").asDouble(), fx.name() + " direction " + e.directionDeg());
            assertTrue(e.metricRel() <= bounds.path("translation_rel_baseline").asDouble(), fx.name() + " metric " + e.metricRel());
            assertEquals(0, acceptedOutliers, fx.name() + " outliers accepted");
            double[] q = p.quaternion();
            assertEquals(1, Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]), 1e-12);
            assertEquals(0, Rotations.angleDeg(Rotations.fromQuaternion(q), p.rotation()), 1e-9);
        }
    }

    @Test
    void fromMatchesOnIntegerPixelsAndOwnFocal() {
        GeometryFixture fx = GeometryFixture.all().get(0);
        int w = fx.width(), h = fx.height(), n = fx.xy2Gt().length / 2;
        // integer matches: view-1 pixels from the stored 3D points, view-2 pixels rounded from the truth
        int[] xy1 = new int[2 * n], xy2 = new int[2 * n];
        double[] pts = fx.corrPts3d();
        for (int i = 0; i < n; i++) {
            xy1[2 * i] = (int) Math.round(fx.k1()[0] * pts[3 * i] / pts[3 * i + 2] + w / 2.0);
            xy1[2 * i + 1] = (int) Math.round(fx.k1()[4] * pts[3 * i + 1] / pts[3 * i + 2] + h / 2.0);
            xy2[2 * i] = (int) Math.round(fx.xy2Gt()[2 * i]);
            xy2[2 * i + 1] = (int) Math.round(fx.xy2Gt()[2 * i + 1]);
        }
        ViewOutput view1 = new ViewOutput(h, w, fx.pts1(), null, 0, null, null);
        ViewOutput view2Own = new ViewOutput(h, w, fx.pts2Noisy(), null, 0, null, null);
        double focal2 = RelativePose.focalFromOwnPointmap(view2Own);
        assertEquals(fx.k2()[0], focal2, 1e-3 * fx.k2()[0]);
        PairPose p = RelativePose.fromMatches(new Matches(xy1, xy2, null), view1, focal2, w, h, PnpOptions.defaults(3));
        PoseErrors e = PoseErrors.of(p.rotation(), p.translation(), fx.r2to1(), fx.t2to1());
        System.out.printf("fromMatches %s (rounded pixels, estimated focal %.3f): rot %.4f deg, dir %.4f deg, metric %.4f%%%n",
                fx.name(), focal2, e.rotationDeg(), e.directionDeg(), 100 * e.metricRel());
        assertFalse(p.lowConfidence());
        assertTrue(e.rotationDeg() < 0.1 && e.directionDeg() < 0.5 && e.metricRel() < 0.01, e.toString());
    }

    @Test
    void degenerateMatchesAreFlaggedFinite() {
        ViewOutput view1 = new ViewOutput(4, 4, new float[48], null, 0, null, null);
        PairPose p = RelativePose.fromMatches(new Matches(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1}, null),
                view1, 100, 4, 4, PnpOptions.defaults(0));
        assertTrue(p.lowConfidence());
        assertEquals(SolveStatus.TOO_FEW_POINTS, p.status());
        for (double v : p.rotation()) assertTrue(Double.isFinite(v));
        for (double v : p.translation()) assertTrue(Double.isFinite(v));
        assertTrue(Double.isFinite(p.medianReprojectionPx()));
    }

    /** 5,000 matches, 30 % outliers, 0.5 px noise, one thread: median of 15 timed runs after 15 warm-up runs. */
    @Test
    void poseTimeFor5000Matches() {
        SyntheticScene s = SyntheticScene.random(new SplittableRandom(21), 5000, 0.5, 0.3, false);
        Intrinsics k = s.k();
        for (int i = 0; i < 15; i++) RelativePose.solve(s.world(), s.xy(), k, PnpOptions.defaults(i));
        long[] ns = new long[15];
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime();
            RelativePose.solve(s.world(), s.xy(), k, PnpOptions.defaults(100 + i));
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        double medianMs = ns[ns.length / 2] / 1e6;
        System.out.printf("pose time, 5000 matches, 30%% outliers, 1 thread: median %.2f ms (min %.2f, max %.2f)%n",
                medianMs, ns[0] / 1e6, ns[ns.length - 1] / 1e6);
        // generous bound for a shared CI core; the target (< 50 ms) is reported, not asserted tightly
        assertTrue(medianMs < 250, "pose took " + medianMs + " ms");
    }
}
