package org.mast3r.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.mast3r.common.BadInputException;
import org.mast3r.geometry.FocalEstimation;
import org.mast3r.geometry.Intrinsics;
import org.mast3r.geometry.PairPose;
import org.mast3r.geometry.PnpOptions;
import org.mast3r.geometry.Pointmaps;
import org.mast3r.geometry.PoseErrors;
import org.mast3r.geometry.RelativePose;
import org.mast3r.weights.Safetensors;

/**
 * The geometry fixture (fixtures/README.md, geometry): ground-truth pairs stored as depth maps. For each
 * pair, every {@code focal_reference} entry {@code view{1,2}.{gt,noisy}.{median,weiszfeld}} is recomputed
 * on the pointmap rebuilt from depth (one line for {@code value}, one for {@code clamped_0.5_3.5}), and
 * the pose problem (corr.pts3d against corr.xy2_noisy, K2 given) is solved and its rotation,
 * direction and metric errors checked against the manifest's {@code tolerances}.
 */
public final class GeometryValidator implements FixtureValidator {
    static final long SEED = 0;

    @Override
    public boolean accepts(JsonNode manifest) {
        return manifest.has("focal_reference_call") && manifest.has("pose_problem") && manifest.path("pairs").isArray();
    }

    @Override
    public void validate(Path dir, JsonNode manifest, ValidateOptions options, Checks checks) {
        String subject = dir.resolve("manifest.json").toString();
        ManifestTolerances tol = new ManifestTolerances(manifest, "tolerances", subject);
        double focalRel = tol.get("focal_rel"), focalRelWeiszfeldNoisy = tol.get("focal_rel_noisy_weiszfeld");
        String pose = "pose_on_noisy_correspondences";
        double[] poseBounds = {tol.get(pose, "rotation_deg"), tol.get(pose, "translation_direction_deg"), tol.get(pose, "translation_rel_baseline")};
        for (JsonNode pair : manifest.path("pairs")) {
            String name = pair.path("name").asText();
            Path file = dir.resolve(pair.path("files").path("arrays").asText(name + ".safetensors")).normalize();
            if (!file.startsWith(dir.normalize())) throw new BadInputException(subject, "pair " + name + " names a file outside the fixture folder");
            int w = pair.path("width").asInt(), h = pair.path("height").asInt();
            if (w <= 0 || h <= 0) throw new BadInputException(subject, "pair " + name + " has no width/height");
            try (Safetensors st = Safetensors.open(file)) {
                for (Map.Entry<String, JsonNode> e : pair.path("focal_reference").properties()) {
                    double bound = e.getKey().endsWith("noisy.weiszfeld") ? focalRelWeiszfeldNoisy : focalRel;
                    checkFocal(name, e.getKey(), e.getValue(), st, w, h, bound, checks);
                }
                checkPose(name, st, poseBounds, checks);
            }
        }
    }

    private static void checkFocal(String pair, String key, JsonNode ref, Safetensors st, int w, int h, double bound, Checks checks) {
        String[] parts = key.split("\\.");                       // view1 . noisy . weiszfeld
        if (parts.length != 3 || !parts[0].matches("view[12]") || !parts[1].matches("gt|noisy") || !parts[2].matches("median|weiszfeld")) {
            checks.line(pair, "focal." + key, "unknown focal_reference key", false);
            return;
        }
        double[] k = st.require(parts[0].equals("view1") ? "K1" : "K2").toDoubles();
        float[] pts = Pointmaps.fromDepth(st.require(parts[0] + ".depth").toFloats(), h, w, k[0], k[2], k[5]);
        if (parts[1].equals("noisy")) pts = Pointmaps.withZ(pts, st.require(parts[0] + ".depth_noisy").toFloats());
        FocalEstimation.Mode mode = parts[2].equals("median") ? FocalEstimation.Mode.MEDIAN : FocalEstimation.Mode.WEISZFELD;
        // ref: the manifest's focal_reference_call, pp = (W/2, H/2); 'value' unclamped, then [0.5, 3.5]
        double value = FocalEstimation.estimate(pts, h, w, w / 2.0, h / 2.0, mode, 0, Double.POSITIVE_INFINITY);
        double clamped = FocalEstimation.estimate(pts, h, w, w / 2.0, h / 2.0, mode,
                FocalEstimation.SPARSE_GA_MIN, FocalEstimation.SPARSE_GA_MAX);
        focalLine(pair, "focal." + key, value, ref.path("value"), bound, checks);
        focalLine(pair, "focal." + key + ".clamped_0.5_3.5", clamped, ref.path("clamped_0.5_3.5"), bound, checks);
    }

    private static void focalLine(String pair, String what, double got, JsonNode ref, double bound, Checks checks) {
        if (!ref.isNumber()) {
            checks.line(pair, what, "no reference value", false);
            return;
        }
        double want = ref.asDouble(), rel = Math.abs(got - want) / Math.abs(want);
        checks.line(pair, what, String.format(Locale.ROOT, "%.6f ref %.6f rel %.2e <= %.0e", got, want, rel, bound), rel <= bound);
    }

    private static void checkPose(String pair, Safetensors st, double[] bounds, Checks checks) {
        double[] k2 = st.require("K2").toDoubles();
        double[] pts = st.require("corr.pts3d").toDoubles(), xy = st.require("corr.xy2_noisy").toDoubles();
        long t0 = System.nanoTime();
        PairPose p = RelativePose.solve(pts, xy, new Intrinsics(k2[0], k2[4], k2[2], k2[5]), PnpOptions.defaults(SEED));
        double ms = (System.nanoTime() - t0) / 1e6;
        PoseErrors e = PoseErrors.of(p.rotation(), p.translation(), st.require("R_2to1").toDoubles(), st.require("t_2to1").toDoubles());
        long[] outlier = st.require("corr.is_outlier").toLongs();
        int accepted = 0;
        for (int i = 0; i < outlier.length && i < p.inliers().length; i++) if (p.inliers()[i] && outlier[i] != 0) accepted++;
        checks.note(String.format(Locale.ROOT, "%s pose: %d/%d inliers (%d marked outliers among them), median %.3f px, %s%s, %.1f ms",
                pair, p.inlierCount(), p.matchCount(), accepted, p.medianReprojectionPx(), p.status(),
                p.lowConfidence() ? " low confidence" : "", ms));
        poseLine(pair, "pose.rotation_deg", e.rotationDeg(), bounds[0], checks);
        poseLine(pair, "pose.translation_direction_deg", e.directionDeg(), bounds[1], checks);
        poseLine(pair, "pose.translation_rel_baseline", e.metricRel(), bounds[2], checks);
    }

    private static void poseLine(String pair, String what, double err, double bound, Checks checks) {
        checks.line(pair, what, String.format(Locale.ROOT, "%.3e <= %.3g", err, bound), err <= bound);
    }
}
