package org.mast3r.scene.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mast3r.common.Fixtures;
import org.mast3r.scene.validate.MultiviewFixture;
import org.mast3r.weights.Safetensors;

/** Canonical views, focals and anchors against the multiview fixture, with its manifest's tolerances. */
class SceneDataFixtureTest {
    static MultiviewFixture fixture;
    static SceneData data;

    @BeforeAll
    static void prepare() {
        fixture = MultiviewFixture.open(Fixtures.dir("multiview"));
        data = SceneData.prepare(fixture.input(), 8, 0.0, true);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void canonicalViewsWithinTolerance() {
        Safetensors out = fixture.outputs();
        for (int k = 0; k < data.images(); k++) {
            CanonicalView v = data.views().get(k);
            assertF16(out.require("canon." + k + ".pts3d").toFloats(), v.pts3d(), 1e-4, "canon." + k + ".pts3d");
            assertF16(out.require("canon." + k + ".conf").toFloats(), v.conf(), 1e-4, "canon." + k + ".conf");
            assertRel(out.require("canon." + k + ".depth_offsets").toFloats(), v.depthOffsets(), 1e-4, "depth_offsets " + k);
            assertRel(out.require("canon." + k + ".core_depth").toFloats(), v.coreDepth(), 1e-4, "core_depth " + k);
            double f = out.require("canon." + k + ".focal").toDoubles()[0];
            assertEquals(f, v.focal(), 1e-5 * f, "focal " + k);
        }
    }

    @Test
    void anchorsAndScoresExact() {
        Safetensors out = fixture.outputs();
        for (int k = 0; k < data.images(); k++) {
            ImageAnchors a = data.anchors().get(k);
            assertArrayEquals(out.require("anchors." + k + ".pixels").toInts(), a.pixels(), "pixels " + k);
            assertArrayEquals(out.require("anchors." + k + ".other_image").toInts(), a.otherImage(), "other_image " + k);
            assertRel(out.require("anchors." + k + ".offset").toFloats(), a.offset(), 2e-5, "offset " + k);
        }
        float[] scores = out.require("pairwise_scores").toFloats();
        for (int i = 0; i < data.images(); i++) {
            for (int j = 0; j < data.images(); j++) assertEquals(scores[i * data.images() + j], data.pairwiseScores()[i][j], 0, "score " + i + "," + j);
        }
        assertTrue(data.fallbacks().isEmpty(), "matching_conf_thr 0: every pair uses the matching losses");
    }

    /** max|e - ref| <= tol * max|ref|. */
    static void assertRel(float[] ref, float[] got, double tol, String what) {
        assertEquals(ref.length, got.length, what + " length");
        double maxRef = 0, maxErr = 0;
        for (int i = 0; i < ref.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            maxErr = Math.max(maxErr, Math.abs(got[i] - ref[i]));
        }
        assertTrue(maxErr <= tol * maxRef, what + ": max error " + maxErr + " over max|ref| " + maxRef);
    }

    /** The fixtures' float16 rule: |e - ref16| <= 2^-10 |ref16| + tol * max|ref16|. */
    static void assertF16(float[] ref, float[] got, double tol, String what) {
        assertEquals(ref.length, got.length, what + " length");
        double maxRef = 0;
        for (float r : ref) maxRef = Math.max(maxRef, Math.abs(r));
        for (int i = 0; i < ref.length; i++) {
            double bound = Math.scalb(Math.abs(ref[i]), -10) + tol * maxRef;
            if (Math.abs(got[i] - ref[i]) > bound) throw new AssertionError(what + "[" + i + "]: " + got[i] + " vs " + ref[i]);
        }
    }
}
