package org.mast3r.scene.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mast3r.image.PreparedImage;
import org.mast3r.matching.Matches;
import org.mast3r.model.PairOutput;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.PairPrediction;

/**
 * A symmetric pair run is forward_mast3r on two encodings: its passes are the one-call forward passes (a, b) and
 * (b, a), X21 kept at rows and columns 0, s, 2s ..., the matches those of extract_correspondences on the four
 * descriptor maps, and the score (conf_score, sum conf, M).
 */
class ReconstructSymmetricPairTest {
    /** A threshold above every match: the pair falls back to DUSt3R's loss, so X21 is computed and kept. */
    @Test
    void passesMatchesAndScoreAreForwardMast3rs() {
        PreparedImage a = SceneTestData.prepared(0, 224), b = SceneTestData.prepared(2, 224);
        int s = 8;
        try (Mast3r m = SceneTestData.tinyModel()) {
            SymmetricPair.Run run = SymmetricPair.run(m, 3, m.encode(a), 5, m.encode(b), s, 1e30);
            PairOutput ab = m.infer(a, b), ba = m.infer(b, a);
            check(run.ab(), 3, 5, ab, s);
            check(run.ba(), 5, 3, ba, s);

            Matches expected = SymmetricPair.correspondences(ab.view1(), ab.view2(), ba.view1(), ba.view2(), s, m.parallel());
            PairCorrespondences c = run.matches();
            assertEquals(3, c.a());
            assertEquals(5, c.b());
            assertTrue(c.count() > 0, "no matches");
            assertArrayEquals(expected.xy1(), c.xyA());
            assertArrayEquals(expected.xy2(), c.xyB());
            assertArrayEquals(expected.conf(), c.conf());
            double sum = 0;
            for (float v : c.conf()) sum += v;
            double confScore = Math.pow(mean(ab.view1().conf()) * mean(ba.view2().conf()) * mean(ab.view2().conf()) * mean(ba.view1().conf()), 0.25);
            assertEquals(confScore, c.score()[0], 1e-12 * confScore);
            assertEquals(sum, c.score()[1], 1e-9 * sum);
            assertEquals(c.count(), c.score()[2]);
        }
    }

    /** With matches above the threshold view 2's points are skipped: same passes and matches, X21 and conf_score NaN. */
    @Test
    void confidentPairsSkipView2Points() {
        PreparedImage a = SceneTestData.prepared(0, 224), b = SceneTestData.prepared(2, 224);
        int s = 8;
        try (Mast3r m = SceneTestData.tinyModel()) {
            SymmetricPair.Run full = SymmetricPair.run(m, 3, m.encode(a), 5, m.encode(b), s, 1e30);
            SymmetricPair.Run run = SymmetricPair.run(m, 3, m.encode(a), 5, m.encode(b), s, 0);
            for (PairPrediction[] p : new PairPrediction[][] {{run.ab(), full.ab()}, {run.ba(), full.ba()}}) {
                assertArrayEquals(p[1].x11(), p[0].x11());
                assertArrayEquals(p[1].c11(), p[0].c11());
                for (float v : p[0].x21Sub()) assertTrue(Float.isNaN(v), "X21 must be marked as not computed");
                for (float v : p[0].c21Sub()) assertTrue(Float.isNaN(v), "C21 must be marked as not computed");
            }
            assertArrayEquals(full.matches().xyA(), run.matches().xyA());
            assertArrayEquals(full.matches().xyB(), run.matches().xyB());
            assertArrayEquals(full.matches().conf(), run.matches().conf());
            assertTrue(Double.isNaN(run.matches().score()[0]));
            assertEquals(full.matches().score()[1], run.matches().score()[1]);
            assertEquals(full.matches().score()[2], run.matches().score()[2]);
        }
    }

    private static void check(PairPrediction p, int a, int b, PairOutput out, int s) {
        assertEquals(a, p.a());
        assertEquals(b, p.b());
        assertArrayEquals(out.view1().pts3d(), p.x11());
        assertArrayEquals(out.view1().conf(), p.c11());
        int h = out.view2().height(), w = out.view2().width(), hs = (h + s - 1) / s, ws = (w + s - 1) / s;
        assertEquals(hs * ws * 3, p.x21Sub().length);
        for (int i = 0; i < hs; i++) {
            for (int j = 0; j < ws; j++) {
                int q = i * s * w + j * s;
                for (int k = 0; k < 3; k++) assertEquals(out.view2().pts3d()[3 * q + k], p.x21Sub()[3 * (i * ws + j) + k]);
                assertEquals(out.view2().conf()[q], p.c21Sub()[i * ws + j]);
            }
        }
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }
}
