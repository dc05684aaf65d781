package org.mast3r.scene.align;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mast3r.common.Fixtures;
import org.mast3r.scene.graph.PairGraph;
import org.mast3r.weights.Safetensors;

/** The inputs of get_dense_pts3d for the multiview fixture's four images: final K, cam2w and sparse depths. */
final class MultiviewViews {
    private MultiviewViews() {}

    /**
     * @param conf32 true: the float32 confidences the reference compared, rebuilt from the pairs' C11 (the
     *               fixture keeps canon.k.conf in float16 only); false: canon.k.conf as stored
     */
    static List<DenseDepth.View> load(Safetensors out, boolean conf32) {
        int[] imsizes = out.require("imsizes").toInts();
        float[] k = out.require("K").toFloats(), cam2w = out.require("cam2w").toFloats();
        int n = imsizes.length / 2;
        List<DenseDepth.View> views = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] conf16 = out.require("canon." + i + ".conf").toFloats();
            float[] conf = conf16;
            if (conf32) {
                conf = canonicalConf(i, n);
                for (int p = 0; p < conf.length; p++) {
                    assertEquals(conf16[p], Float.float16ToFloat(Float.floatToFloat16(conf[p])),
                            "rebuilt canon." + i + ".conf[" + p + "] does not round to the stored float16");
                }
            }
            views.add(new DenseDepth.View(imsizes[2 * i], imsizes[2 * i + 1],
                    out.require("canon." + i + ".depth_offsets").toFloats(), conf,
                    out.require("canon." + i + ".focal").toFloats()[0],
                    Arrays.copyOfRange(k, 9 * i, 9 * i + 9), Arrays.copyOfRange(cam2w, 16 * i, 16 * i + 16),
                    out.require("depthmaps." + i).toFloats()));
        }
        return views;
    }

    /**
     * canonical_view's confidence sum((C - 0.999)^2) / sum(C - 0.999) of image k in float32, over the C11 maps
     * that prepare_canonical_data stacks for k: for each ordered pair (a, b) of the 'complete' graph, the C11
     * of (k, b) when a == k, of (k, a) when b == k; torch sums the stack in that order.
     */
    // ref: mast3r/cloud_opt/sparse_ga.py prepare_canonical_data, canonical_view (naver/mast3r f5209af)
    private static float[] canonicalConf(int k, int n) {
        try (Safetensors in = Safetensors.open(Fixtures.dir("multiview").resolve("inputs.safetensors"))) {
            float[] num = null, den = null;
            for (int[] ab : PairGraph.pairs("complete", n)) {
                int other = ab[0] == k ? ab[1] : ab[1] == k ? ab[0] : -1;
                if (other < 0) continue;
                float[] c = in.require("pair." + k + "." + other + ".C11").toFloats();
                if (num == null) {
                    num = new float[c.length];
                    den = new float[c.length];
                    for (int p = 0; p < c.length; p++) {
                        float d = c[p] - 0.999f;
                        num[p] = d * d;
                        den[p] = d;
                    }
                } else {
                    for (int p = 0; p < c.length; p++) {
                        float d = c[p] - 0.999f;
                        num[p] += d * d;
                        den[p] += d;
                    }
                }
            }
            for (int p = 0; p < num.length; p++) num[p] /= den[p];
            return num;
        }
    }
}
