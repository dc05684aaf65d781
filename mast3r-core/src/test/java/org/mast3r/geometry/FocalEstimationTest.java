package org.mast3r.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** estimate_focal_knowing_depth against the fixture's torch values, and on synthetic pointmaps. */
class FocalEstimationTest {

    @Test
    void fixtureParityEveryReferenceValue() {
        JsonNode tol = GeometryFixture.manifest().path("tolerances");
        double rel = tol.path("focal_rel").asDouble(), relWeiszfeldNoisy = tol.path("focal_rel_noisy_weiszfeld").asDouble();
        int checked = 0;
        for (GeometryFixture fx : GeometryFixture.all()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = fx.manifestPair().path("focal_reference").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();                                  // view1.noisy.weiszfeld
                String view = key.substring(0, key.lastIndexOf('.'));
                FocalEstimation.Mode mode = key.endsWith("median") ? FocalEstimation.Mode.MEDIAN : FocalEstimation.Mode.WEISZFELD;
                double bound = key.endsWith("noisy.weiszfeld") ? relWeiszfeldNoisy : rel;
                float[] pts = fx.pointmap(view);
                double plain = FocalEstimation.estimate(pts, fx.height(), fx.width(), mode);
                double clamped = FocalEstimation.estimate(pts, fx.height(), fx.width(), fx.width() / 2.0, fx.height() / 2.0, mode,
                        FocalEstimation.SPARSE_GA_MIN, FocalEstimation.SPARSE_GA_MAX);
                double want = e.getValue().path("value").asDouble(), wantClamped = e.getValue().path("clamped_0.5_3.5").asDouble();
                System.out.printf("focal %s %s: %.6f vs %.6f rel %.2e%n", fx.name(), key, plain, want, Math.abs(plain - want) / want);
                assertEquals(want, plain, bound * want, fx.name() + " " + key);
                assertEquals(wantClamped, clamped, bound * wantClamped, fx.name() + " " + key + " clamped");
                if (mode == FocalEstimation.Mode.MEDIAN) assertEquals((float) want, (float) plain, fx.name() + " " + key + " median is the same float32");
                checked++;
            }
        }
        assertEquals(16, checked, "2 pairs x 2 views x {gt, noisy} x {median, weiszfeld}");
    }

    @Test
    void syntheticPinholeBothModesRecoverFocal() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 5; trial++) {
            int w = 40 + rnd.nextInt(60), h = 30 + rnd.nextInt(60);
            double f = 20 + rnd.nextDouble(150);
            float[] depth = new float[w * h];
            for (int i = 0; i < depth.length; i++) depth[i] = (float) (1 + rnd.nextDouble(9));
            float[] pts = Pointmaps.fromDepth(depth, h, w, f, w / 2.0, h / 2.0);
            for (FocalEstimation.Mode mode : FocalEstimation.Mode.values()) {
                double got = FocalEstimation.estimate(pts, h, w, mode);
                assertEquals(f, got, 1e-5 * f, mode + " " + w + "x" + h + " f=" + f);
            }
        }
    }

    @Test
    void medianSkipsNaNAndTakesLowerMiddle() {
        // 1x2 pointmap, pp = (1, 0.5). Pixel (0,0): u = -1, v = -0.5, point (-1, -0.25, 2): votes 2 and 4.
        // Pixel (1,0): u = 0, v = -0.5, point (0, -0.5, 4): x vote 0*4/0 = NaN (skipped), y vote 4.
        // Votes {2, 4, 4}: median 4.
        float[] pts = {-1, -0.25f, 2, 0, -0.5f, 4};
        assertEquals(4.0, FocalEstimation.median(pts, 1, 2, 1f, 0.5f));
        // 1x1, pp (0, 0): u = v = 0 with x = y = 0 gives two NaN votes: nothing left -> NaN
        assertTrue(Double.isNaN(FocalEstimation.median(new float[] {0, 0, 1}, 1, 1, 0f, 0f)));
        // even count: votes {2, 3} -> lower middle 2 (1x1 pointmap, pp (-1, -1), u = v = 1)
        assertEquals(2.0, FocalEstimation.median(new float[] {0.5f, 1f / 3, 1}, 1, 1, -1f, -1f), 1e-6);
    }

    @Test
    void clampBitesAtFactorsOfFocalBase() {
        int w = 64, h = 48;
        float[] depth = new float[w * h];
        java.util.Arrays.fill(depth, 2f);
        double base = 64 / (2 * Math.tan(Math.toRadians(30)));
        float[] wide = Pointmaps.fromDepth(depth, h, w, 5, w / 2.0, h / 2.0);   // f = 5 px, far below 0.5 x base
        for (FocalEstimation.Mode mode : FocalEstimation.Mode.values())
            assertEquals(0.5 * base, FocalEstimation.estimate(wide, h, w, w / 2.0, h / 2.0, mode, 0.5, 3.5), 1e-4, mode.toString());
        float[] tele = Pointmaps.fromDepth(depth, h, w, 10_000, w / 2.0, h / 2.0);
        for (FocalEstimation.Mode mode : FocalEstimation.Mode.values())
            assertEquals(3.5 * base, FocalEstimation.estimate(tele, h, w, w / 2.0, h / 2.0, mode, 0.5, 3.5), 1e-3, mode.toString());
    }
}
