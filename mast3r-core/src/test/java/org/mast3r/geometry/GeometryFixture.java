package org.mast3r.geometry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.weights.Safetensors;

/**
 * One pair of {@code ../shared/fixtures/geometry} (fixtures/README.md, geometry): pointmaps rebuilt
 * from the stored depth, the ground-truth pose and the noisy correspondences. A missing folder FAILS.
 */
record GeometryFixture(String name, int width, int height, double[] k1, double[] k2, float[] pts1, float[] pts2,
                       float[] pts1Noisy, float[] pts2Noisy, double[] r2to1, double[] t2to1,
                       double[] corrPts3d, double[] xy2Noisy, double[] xy2Gt, boolean[] isOutlier, JsonNode manifestPair) {

    static Path dir() {
        return Fixtures.dir("geometry");
    }

    static JsonNode manifest() {
        return Json.read(dir().resolve("manifest.json"));
    }

    static List<GeometryFixture> all() {
        List<GeometryFixture> out = new ArrayList<>();
        for (JsonNode p : manifest().path("pairs")) out.add(load(p));
        assertTrue(!out.isEmpty(), "geometry manifest lists no pairs");
        return out;
    }

    static GeometryFixture load(JsonNode pair) {
        int w = pair.path("width").asInt(), h = pair.path("height").asInt();
        try (Safetensors st = Safetensors.open(dir().resolve(pair.path("files").path("arrays").asText()))) {
            double[] k1 = st.require("K1").toDoubles(), k2 = st.require("K2").toDoubles();
            float[] pts1 = Pointmaps.fromDepth(st.require("view1.depth").toFloats(), h, w, k1[0], w / 2.0, h / 2.0);
            float[] pts2 = Pointmaps.fromDepth(st.require("view2.depth").toFloats(), h, w, k2[0], w / 2.0, h / 2.0);
            long[] out = st.require("corr.is_outlier").toLongs();
            boolean[] isOut = new boolean[out.length];
            for (int i = 0; i < out.length; i++) isOut[i] = out[i] != 0;
            return new GeometryFixture(pair.path("name").asText(), w, h, k1, k2, pts1, pts2,
                    Pointmaps.withZ(pts1, st.require("view1.depth_noisy").toFloats()),
                    Pointmaps.withZ(pts2, st.require("view2.depth_noisy").toFloats()),
                    st.require("R_2to1").toDoubles(), st.require("t_2to1").toDoubles(),
                    st.require("corr.pts3d").toDoubles(), st.require("corr.xy2_noisy").toDoubles(),
                    st.require("corr.xy2_gt").toDoubles(), isOut, pair);
        }
    }

    /** pointmap of "view1.gt", "view2.noisy", ... */
    float[] pointmap(String viewAndKind) {
        return switch (viewAndKind) {
            case "view1.gt" -> pts1;
            case "view2.gt" -> pts2;
            case "view1.noisy" -> pts1Noisy;
            case "view2.noisy" -> pts2Noisy;
            default -> throw new IllegalArgumentException(viewAndKind);
        };
    }

    Intrinsics intrinsics2() {
        return new Intrinsics(k2[0], k2[4], k2[2], k2[5]);
    }
}
