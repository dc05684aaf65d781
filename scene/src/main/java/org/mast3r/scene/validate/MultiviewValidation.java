package org.mast3r.scene.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mast3r.geometry.Rotations;
import org.mast3r.scene.align.AlignOptions;
import org.mast3r.scene.align.AlignmentInput;
import org.mast3r.scene.align.AlignmentResult;
import org.mast3r.scene.align.CameraAlignment;
import org.mast3r.scene.align.CanonicalView;
import org.mast3r.scene.align.ImageAnchors;
import org.mast3r.scene.align.Priors;
import org.mast3r.scene.align.SceneData;
import org.mast3r.scene.align.SparseAlignment;
import org.mast3r.scene.align.StageResult;
import org.mast3r.scene.refine.SceneRefinement;
import org.mast3r.validate.Checks;
import org.mast3r.validate.ManifestTolerances;
import org.mast3r.weights.Safetensors;

/**
 * The {@code multiview} fixture: runs sparse global alignment on the reference's cached inputs and checks
 * every intermediate and result with the tolerances of the fixture's manifest. Cameras are compared after
 * the "poses" similarity alignment, since the reference's world frame is a free gauge.
 */
public final class MultiviewValidation {
    // Checks the manifest has no number for, in this one place. The coarse stage does not optimise the principal
    // point, so coarse.K must equal (W/2, H/2) (the manifest says "must equal"): 1e-3 px allows float32 rounding.
    private static final double COARSE_PRINCIPAL_POINT_PX = 1e-3;
    // --refine compares the bundle adjustment, which the reference never ran, with the ground truth, so the manifest
    // has no bound for it: these are the acceptance bounds of the issue that asked for the refinement.
    private static final double REFINED_ROTATION_DEG = 0.1, REFINED_FOCAL_REL = 2e-3, REFINED_CENTRE_OVER_SPAN = 2e-3;

    private final MultiviewFixture fx;
    private final Checks out;
    private final ManifestTolerances tol;
    private final AlignmentInput input;
    private final AlignOptions options;

    private MultiviewValidation(MultiviewFixture fixture, Checks out) {
        this.fx = fixture;
        this.out = out;
        this.tol = new ManifestTolerances(fixture.manifest(), "tolerances", fixture.dir().resolve("manifest.json").toString());
        this.input = fixture.input();
        this.options = fixture.options();
    }

    /** True when a manifest describes a multiview fixture. */
    public static boolean accepts(JsonNode manifest) {
        return "sparse-global-alignment".equals(manifest.path("kind").asText()) || "multiview".equals(manifest.path("fixture").asText());
    }

    /**
     * Runs the reference's algorithm and prints one line per check; with {@code refine}, also the bundle
     * adjustment's cameras against the ground truth. Returns the alignment's result.
     */
    public static AlignmentResult validate(MultiviewFixture fixture, boolean refine, Checks out) {
        MultiviewValidation v = new MultiviewValidation(fixture, out);
        AlignmentResult r = v.run();
        if (refine) v.refined(r);
        return r;
    }

    private AlignmentResult run() {
        long t0 = System.nanoTime();
        SparseAlignment.Run r = SparseAlignment.trace(input, options, Priors.none(), line -> {});
        out.note(String.format(Locale.ROOT, "alignment of %d images in %.2f s (reference: 3-4 s on the project's machines)",
                fx.images(), (System.nanoTime() - t0) / 1e9));
        Safetensors ref = fx.outputs();
        canonical(r, ref);
        tree(r, ref);
        StageResult coarse = r.stages().get(0), fine = r.stages().get(r.stages().size() - 1);
        double[] lossCoarse = ref.require("loss.coarse").toDoubles(), lossFine = ref.require("loss.fine").toDoubles();
        double loss01 = tight("loss.coarse[0]");
        relLine("loss", "loss.coarse[0]", lossCoarse[0], coarse.losses()[0], loss01);
        relLine("loss", "loss.coarse[1]", lossCoarse[1], coarse.losses()[1], tight("loss.coarse[1]"));
        String cs = "coarse_stage";
        relLine("loss", "loss.coarse[-1]", lossCoarse[lossCoarse.length - 1], last(coarse.losses()), bound(cs, "loss.coarse[-1]"));
        relLine("loss", "loss.fine[0]", lossFine[0], fine.losses()[0], bound(cs, "loss.fine[0]"));
        relLine("loss", "loss.fine[-1]", lossFine[lossFine.length - 1], last(fine.losses()), bound(cs, "loss.fine[-1]"));
        cameras("coarse", coarse.K(), coarse.cam2w(), coarse.depthmaps(), ref, "coarse.", cs, false);
        cameras("final", fine.K(), fine.cam2w(), fine.depthmaps(), ref, "", "final", true);
        dense(r.result(), fine, ref);
        return r.result();
    }

    private void canonical(SparseAlignment.Run r, Safetensors ref) {
        SceneData kept = SceneData.prepare(input, options.subsample(), options.matchingConfThr(), true);
        for (int k = 0; k < fx.images(); k++) {
            CanonicalView v = kept.views().get(k);
            f16Line("canon", "canon." + k + ".pts3d", ref.require("canon." + k + ".pts3d").toFloats(), v.pts3d(), tight("canon.<i>.pts3d"));
            f16Line("canon", "canon." + k + ".conf", ref.require("canon." + k + ".conf").toFloats(), v.conf(), tight("canon.<i>.conf"));
            relLine("canon", "canon." + k + ".depth_offsets", ref.require("canon." + k + ".depth_offsets").toFloats(), v.depthOffsets(), tight("canon.<i>.depth_offsets"));
            relLine("canon", "canon." + k + ".core_depth", ref.require("canon." + k + ".core_depth").toFloats(), v.coreDepth(), tight("canon.<i>.core_depth"));
            relLine("canon", "canon." + k + ".focal", ref.require("canon." + k + ".focal").toDoubles()[0], v.focal(), tight("canon.<i>.focal, base_focals"));
            ImageAnchors a = r.data().anchors().get(k);
            exact("anchors", "anchors." + k + ".pixels", ref.require("anchors." + k + ".pixels").toInts(), a.pixels());
            exact("anchors", "anchors." + k + ".other_image", ref.require("anchors." + k + ".other_image").toInts(), a.otherImage());
            relLine("anchors", "anchors." + k + ".offset", ref.require("anchors." + k + ".offset").toFloats(), a.offset(), tight("anchors.<i>.offset"));
        }
        int n = fx.images();
        int[] scores = new int[n * n], imsizes = new int[2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) scores[i * n + j] = (int) r.data().pairwiseScores()[i][j];
            imsizes[2 * i] = r.data().views().get(i).width();
            imsizes[2 * i + 1] = r.data().views().get(i).height();
        }
        exact("tree", "pairwise_scores", ints(ref.require("pairwise_scores").toFloats()), scores);
        exact("tree", "imsizes", ref.require("imsizes").toInts(), imsizes);
    }

    private void tree(SparseAlignment.Run r, Safetensors ref) {
        exact("tree", "tree.root", ref.require("tree.root").toInts(), new int[] {r.tree().root()});
        int[] edges = new int[2 * r.tree().edges().length];
        for (int e = 0; e < r.tree().edges().length; e++) {
            edges[2 * e] = r.tree().edges()[e][0];
            edges[2 * e + 1] = r.tree().edges()[e][1];
        }
        exact("tree", "tree.edges", ref.require("tree.edges").toInts(), edges);
        if (r.tree().ward() == null) return;   // the mst mode has no clustering to compare
        int[] adjacency = Arrays.stream(r.tree().ward().adjacency()).flatMapToInt(Arrays::stream).toArray();
        exact("tree", "tree.adjacency", ref.require("tree.adjacency").toInts(), adjacency);
        double hclust = tight("hclust.condensed_distance, hclust.linkage");
        absLine("tree", "hclust.condensed_distance", ref.require("hclust.condensed_distance").toDoubles(), r.tree().ward().condensedDistance(), hclust);
        absLine("tree", "hclust.linkage", ref.require("hclust.linkage").toDoubles(),
                Arrays.stream(r.tree().ward().linkage()).flatMapToDouble(Arrays::stream).toArray(), hclust);
    }

    /** Cameras after the poses alignment, relative rotations, intrinsics and depth maps of one stage. */
    private void cameras(String stage, double[][] K, double[][] cam2w, float[][] depth, Safetensors ref, String prefix,
                         String bounds, boolean fine) {
        int n = fx.images();
        List<double[]> eng = List.of(cam2w), refCams = rows(ref.require(prefix + "cam2w").toDoubles(), 16);
        CameraAlignment a = CameraAlignment.fit(eng, refCams);
        double span = CameraAlignment.span(refCams), rot = 0, centre = 0, relRot = 0;
        for (int k = 0; k < n; k++) {
            rot = Math.max(rot, a.rotationErrorDeg(eng.get(k), refCams.get(k)));
            centre = Math.max(centre, a.centreError(eng.get(k), refCams.get(k)) / span);
            for (int j = 0; j < n; j++) relRot = Math.max(relRot, relativeRotationError(eng, refCams, k, j));
        }
        bounded(stage, "rotation_deg", rot, bound(bounds, "rotation_deg"));
        bounded(stage, "relative_rotation_deg", relRot, bound(bounds, "relative_rotation_deg"));
        bounded(stage, "centre_over_camera_span", centre, bound(bounds, "centre_over_camera_span"));
        bounded(stage, "scale_minus_1", Math.abs(a.scale() - 1), bound(bounds, "scale_minus_1"));
        List<double[]> refK = rows(ref.require(prefix + "K").toDoubles(), 9);
        double focal = 0, pp = 0;
        for (int k = 0; k < n; k++) {
            focal = Math.max(focal, Errors.rel(refK.get(k)[0], K[k][0]));
            pp = Math.max(pp, Math.max(Math.abs(K[k][2] - refK.get(k)[2]), Math.abs(K[k][5] - refK.get(k)[5])));
        }
        bounded(stage, "K.focal_rel", focal, fine ? bound(bounds, "focal_rel") : tight("canon.<i>.focal, base_focals"));
        bounded(stage, "K.principal_point_px", pp, fine ? bound(bounds, "principal_point_px") : COARSE_PRINCIPAL_POINT_PX);
        double median = 0, p90 = 0;
        for (int k = 0; k < n; k++) {
            float[] r = ref.require(prefix + "depthmaps." + k).toFloats();
            median = Math.max(median, Errors.relQuantile(r, depth[k], a.scale(), 0.5));
            p90 = Math.max(p90, Errors.relQuantile(r, depth[k], a.scale(), 0.9));
        }
        if (fine) bounded(stage, "depthmaps_rel_median", median, bound(bounds, "depthmaps elementwise rel, median"));
        bounded(stage, "depthmaps_rel_p90", p90, bound(bounds, fine ? "depthmaps elementwise rel, p90" : "coarse.depthmaps elementwise rel, p90"));
    }

    private void dense(AlignmentResult result, StageResult fine, Safetensors ref) {
        List<double[]> refCams = rows(ref.require("cam2w").toDoubles(), 16);
        double s = CameraAlignment.fit(List.of(fine.cam2w()), refCams).scale();
        double median = 0, p90 = 0;
        for (int k = 0; k < fx.images(); k++) {
            float[] r = ref.require("dense." + k + ".depth").toFloats();
            median = Math.max(median, Errors.relQuantile(r, result.dense().get(k).depth(), s, 0.5));
            p90 = Math.max(p90, Errors.relQuantile(r, result.dense().get(k).depth(), s, 0.9));
            int[] zeroed = ref.require("dense." + k + ".conf_zeroed_idx").toInts();
            int mine = 0;
            for (float c : result.dense().get(k).conf()) if (c == 0) mine++;
            out.note(String.format(Locale.ROOT, "dense.%d.conf_zeroed_idx: %d pixels zeroed, reference %d (informative only)", k, mine, zeroed.length));
        }
        String fin = "final";
        bounded("dense", "dense.depth_rel_median", median, bound(fin, "dense.<i>.depth elementwise rel, median"));
        bounded("dense", "dense.depth_rel_p90", p90, bound(fin, "dense.<i>.depth elementwise rel, p90"));
    }

    /**
     * --refine: the bundle adjustment over the multi-view tracks, then both camera sets against the ground
     * truth (poses alignment): the bounds are 0.1 deg, 0.2 % focal and 0.2 % of the span.
     */
    private void refined(AlignmentResult r) {
        SceneRefinement.Refined refined = SceneRefinement.apply(r, input.matches(), Priors.none(), options.sharedIntrinsics());
        out.note(refined.report().summary());
        Safetensors ref = fx.outputs();
        List<double[]> gt = rows(ref.require("cam2w_gt").toDoubles(), 16), gtK = rows(ref.require("K_gt").toDoubles(), 9);
        for (String which : List.of("sparse_ga", "refined")) {
            List<double[]> cams = new ArrayList<>(), ks = new ArrayList<>();
            for (int k = 0; k < fx.images(); k++) {
                AlignmentResult c = which.equals("refined") ? refined.result() : r;
                cams.add(c.cam2w()[k]);
                ks.add(c.K()[k]);
            }
            CameraAlignment a = CameraAlignment.fit(cams, gt);
            double span = CameraAlignment.span(gt), rot = 0, centre = 0, focal = 0;
            for (int k = 0; k < fx.images(); k++) {
                rot = Math.max(rot, a.rotationErrorDeg(cams.get(k), gt.get(k)));
                centre = Math.max(centre, a.centreError(cams.get(k), gt.get(k)) / span);
                focal = Math.max(focal, Errors.rel(gtK.get(k)[0], ks.get(k)[0]));
            }
            if (which.equals("refined")) {
                bounded("refine", "ground_truth.rotation_deg", rot, REFINED_ROTATION_DEG);
                bounded("refine", "ground_truth.focal_rel", focal, REFINED_FOCAL_REL);
                bounded("refine", "ground_truth.centre_over_camera_span", centre, REFINED_CENTRE_OVER_SPAN);
            } else {
                out.note(String.format(Locale.ROOT, "without --refine against the ground truth: rotation %.3f deg, focal %.3f %%, centre %.2e of the span",
                        rot, 100 * focal, centre));
            }
        }
    }

    /** The angle between the engine's and the reference's R_i^T R_j: no alignment needed. */
    private static double relativeRotationError(List<double[]> eng, List<double[]> ref, int i, int j) {
        double[] e = Rotations.multiply(Rotations.transpose(CameraAlignment.rotation(eng.get(i))), CameraAlignment.rotation(eng.get(j)));
        double[] r = Rotations.multiply(Rotations.transpose(CameraAlignment.rotation(ref.get(i))), CameraAlignment.rotation(ref.get(j)));
        return Rotations.angleDeg(e, r);
    }

    private double tight(String name) {
        return tol.get("tight", name, "tolerance");
    }

    /** {@code group}: coarse_stage or final. */
    private double bound(String group, String name) {
        return tol.get(group, name, "tolerance");
    }

    private void bounded(String caseName, String what, double value, double bound) {
        out.line(caseName, what, String.format(Locale.ROOT, "%.3e <= %.1e", value, bound), value <= bound);
    }

    private void relLine(String caseName, String what, double ref, double got, double bound) {
        double e = Errors.rel(ref, got);
        out.line(caseName, what, String.format(Locale.ROOT, "%.6g vs %.6g rel %.3e <= %.1e", got, ref, e, bound), e <= bound);
    }

    private void relLine(String caseName, String what, float[] ref, float[] got, double bound) {
        boolean sameLength = ref.length == got.length;
        double e = sameLength ? Errors.maxRel(ref, got) : Double.POSITIVE_INFINITY;
        out.line(caseName, what, String.format(Locale.ROOT, "max rel %.3e <= %.1e", e, bound), e <= bound);
    }

    private void f16Line(String caseName, String what, float[] ref, float[] got, double bound) {
        double e = ref.length == got.length ? Errors.f16Excess(ref, got) : Double.POSITIVE_INFINITY;
        out.line(caseName, what, String.format(Locale.ROOT, "excess over f16 rounding %.3e <= %.1e", Math.max(e, 0), bound), e <= bound);
    }

    private void absLine(String caseName, String what, double[] ref, double[] got, double bound) {
        double e = ref.length == got.length ? 0 : Double.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(ref.length, got.length); i++) e = Math.max(e, Math.abs(ref[i] - got[i]));
        out.line(caseName, what, String.format(Locale.ROOT, "max abs %.3e <= %.1e", e, bound), e <= bound);
    }

    private void exact(String caseName, String what, int[] ref, int[] got) {
        int differ = ref.length == got.length ? 0 : Math.max(ref.length, got.length);
        for (int i = 0; i < Math.min(ref.length, got.length); i++) if (ref[i] != got[i]) differ++;
        out.line(caseName, what, differ == 0 ? "exact" : differ + " of " + ref.length + " differ", differ == 0);
    }

    private static List<double[]> rows(double[] flat, int width) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < flat.length; i += width) out.add(Arrays.copyOfRange(flat, i, i + width));
        return out;
    }

    private static int[] ints(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (int) values[i];
        return out;
    }

    private static double last(double[] values) {
        return values[values.length - 1];
    }
}
