package org.mast3r.scene.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mast3r.scene.MultiviewOutputs;
import org.mast3r.weights.Safetensors;

class DenseDepthTest {
    private static final float[] K = {120, 0, 6.5f, 0, 120, 6.5f, 0, 0, 1};
    private static final float[] EYE = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

    /** dense.k.depth of the fixture (float16), from its final K, sparse depths and canonical views. */
    @Test
    void reproducesTheMultiviewDenseDepth() {
        try (Safetensors out = MultiviewOutputs.open()) {
            List<DenseDepth.View> views = MultiviewViews.load(out, false);
            for (int k = 0; k < views.size(); k++) {
                float[] ref = out.require("dense." + k + ".depth").toFloats();
                float[] got = DenseDepth.depth(views.get(k), 8);
                float refMax = 0;
                for (float r : ref) refMax = Math.max(refMax, Math.abs(r));
                int f16Differ = 0;
                for (int p = 0; p < ref.length; p++) {
                    float tol = 0x1p-10f * Math.abs(ref[p]) + 1e-4f * refMax;
                    assertTrue(Math.abs(got[p] - ref[p]) <= tol, "dense." + k + ".depth[" + p + "]: " + got[p]
                            + " vs " + ref[p]);
                    if (Float.float16ToFloat(Float.floatToFloat16(got[p])) != ref[p]) f16Differ++;
                }
                // the float32 operations are the reference's: rounded to float16 they give its very values
                assertEquals(0, f16Differ, "dense." + k + ".depth: pixels whose float16 differs");
            }
        }
    }

    /** 13 x 13 at subsample 8: anchors (4, 4), (12, 4), (4, 12), (12, 12); the last block is 5 pixels wide. */
    @Test
    void anchorsOfAPartialBlock() {
        int w = 13, h = 13;
        float[] canon2 = new float[w * h];
        for (int p = 0; p < canon2.length; p++) canon2[p] = 0.5f + (p % 7) * 0.125f;
        float[] sparse = {2, 3, 5, 7};
        DenseDepth.View v = new DenseDepth.View(w, h, canon2, new float[w * h], 100f, K, EYE, sparse);
        float[] z = DenseDepth.depth(v, 8);
        float ratio = 100f / 120f;
        int[][] pixelAnchor = {{0, 0, 0}, {7, 7, 0}, {8, 0, 1}, {12, 5, 1}, {3, 8, 2}, {12, 12, 3}};
        int[][] anchorPixel = {{4, 4}, {12, 4}, {4, 12}, {12, 12}};
        for (int[] pa : pixelAnchor) {
            int x = pa[0], y = pa[1], a = pa[2];
            float offset = canon2[y * w + x] / canon2[anchorPixel[a][1] * w + anchorPixel[a][0]];
            assertEquals(sparse[a] * (1 + (offset - 1) * ratio), z[y * w + x], 0f, "pixel " + x + "," + y);
        }
        // the anchors themselves keep the sparse depth
        for (int a = 0; a < 4; a++) assertEquals(sparse[a], z[anchorPixel[a][1] * w + anchorPixel[a][0]], 0f);
        // points: cam2w = identity, so the camera point z ((x - cx) / f, (y - cy) / f, 1)
        float[] pts = DenseDepth.points(v, z);
        int p = 5 * w + 12;
        assertArrayEquals(new float[] {z[p] * (12 - 6.5f) / 120, z[p] * (5 - 6.5f) / 120, z[p]},
                new float[] {pts[3 * p], pts[3 * p + 1], pts[3 * p + 2]}, 1e-6f);
    }

    @Test
    void refusesPixelsBeyondTheAnchorGrid() {
        // 12 x 12 at subsample 8: one anchor per side (pixel 4), but pixels 8..11 would fall in a second block
        DenseDepth.View v = new DenseDepth.View(12, 12, new float[144], new float[144], 100f, K, EYE, new float[1]);
        assertThrows(IllegalArgumentException.class, () -> DenseDepth.depth(v, 8));
        DenseDepth.View wrongSize = new DenseDepth.View(16, 16, new float[256], new float[256], 100f, K, EYE,
                new float[3]);
        assertThrows(IllegalArgumentException.class, () -> DenseDepth.depth(wrongSize, 8));
    }
}
