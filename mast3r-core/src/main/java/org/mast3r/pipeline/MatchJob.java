package org.mast3r.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.Json;
import org.mast3r.export.ColmapText;

/**
 * One image pair matched and written to a folder: what {@code mast3r match}, {@code pose} and {@code demo}
 * run, and what a server or a cluster job calls with a model it loaded once. The record is the request:
 * the two images, how to match, the point clouds' confidence filter, the pose (null: none; pose.json and
 * cameras.ply), whether the match files are written ({@code matchFiles} false keeps only the pose files and
 * summary.json), the scene exports (scene.glb, a COLMAP model) and whether a non-empty folder may be reused.
 *
 * <pre>{@code
 * try (Mast3r model = Mast3r.load(checkpoint, 8)) {
 *     MatchJob.Result r = MatchJob.of(a, b, MatchOptions.defaults()).run(model, Path.of("out"), Progress.NONE);
 * }
 * }</pre>
 *
 * Every input (images, reference pose, output folders) is checked before the network runs, so a bad one is a
 * {@link org.mast3r.common.BadInputException} and no work is lost. Runs of several jobs on one model may overlap.
 */
public record MatchJob(Path image1, Path image2, MatchOptions options, float minConf, PoseRequest pose,
                       boolean matchFiles, SceneExports.Request scene, boolean force) {

    /** Focals in original pixels (null: estimated), camera 1's world pose file (null: none), RANSAC's seed. */
    public record PoseRequest(Double focal1, Double focal2, Path refPose, long seed) {
        /** Both focals estimated, no world pose, seed 0 (what {@code match --pose} asks). */
        public static final PoseRequest ESTIMATED = new PoseRequest(null, null, null, 0);
    }

    /**
     * What a run wrote: files relative to {@code out} (COLMAP's absolute), summary.json last; the number of
     * matches; summary.json's content (its "notes" are also given to {@link Progress#step}).
     */
    public record Result(Path out, List<String> written, int matchCount, ObjectNode summary) {}

    /** The match files of two images, nothing else, into an empty folder. */
    public static MatchJob of(Path image1, Path image2, MatchOptions options) {
        return new MatchJob(image1, image2, options, 0f, null, true, SceneExports.Request.NONE, false);
    }

    /** Runs on a loaded model (which stays open). */
    public Result run(Mast3r model, Path out, Progress progress) {
        return run(model, checkInputs(out), out, progress);
    }

    /**
     * Loads the model (as {@link Mast3r#load(Path, Path, String, int)}) after checking the inputs, runs, and
     * closes it; reports the load as a step.
     */
    public Result loadAndRun(Path checkpoint, Path config, String device, int threads, Path out, Progress progress) {
        Inputs inputs = checkInputs(out);
        try (Mast3r model = Mast3r.load(checkpoint, config, device, threads)) {
            progress.step(String.format(Locale.ROOT, "loaded %s (%,d parameters) from %s in %.2f s", model.config().modelClass(),
                    model.checkpoint().parameterCount(), checkpoint, model.loadSeconds()));
            return run(model, inputs, out, progress);
        }
    }

    /** The decoded images and what else is read or made before the network runs. */
    private record Inputs(ImagePair images, double preprocessSeconds, PoseFiles.RefPose refPose, String[] colmapNames) {}

    private Inputs checkInputs(Path out) {
        String[] names = scene.colmap() != null ? ColmapText.imageNames(image1, image2) : null;
        OutputDir.prepare(out, force);
        if (scene.colmap() != null) OutputDir.prepare(scene.colmap(), force);
        long t0 = System.nanoTime();
        ImagePair images = ImagePair.load(image1, image2, options.size());
        double preprocess = (System.nanoTime() - t0) / 1e9;
        PoseFiles.RefPose ref = pose == null || pose.refPose() == null ? null : PoseFiles.RefPose.read(pose.refPose());
        return new Inputs(images, preprocess, ref, names);
    }

    private Result run(Mast3r model, Inputs in, Path out, Progress progress) {
        PairResult r = Matching.run(model, in.images(), options, progress);
        r.seconds().put("preprocess", in.preprocessSeconds());
        ObjectNode summary = MatchSummary.of(this, model, r);
        MatchOutputs outputs = new MatchOutputs(out, summary);
        List<String> notes = matchFiles ? outputs.writeAll(r, minConf) : new ArrayList<>();
        // The scene exports need the pose; without a pose request they get it estimated, but no pose.json.
        PoseRequest poseNeeded = pose != null ? pose : scene.any() ? PoseRequest.ESTIMATED : null;
        if (poseNeeded != null) {
            PoseEstimation.Result p = PoseEstimation.estimate(model, in.images(), r, poseNeeded.focal1(), poseNeeded.focal2(),
                    poseNeeded.seed(), progress);
            if (pose != null) outputs.written().addAll(PoseFiles.write(out, p, r, in.refPose()));
            outputs.written().addAll(SceneExports.write(scene, out, r, p, minConf, in.colmapNames(), notes));
            summary.put("pose_low_confidence", p.pose().lowConfidence());
            if (p.pose().lowConfidence()) notes.add("pose: low confidence (" + p.pose().status() + ", " + p.pose().inlierCount() + " inliers)");
        }
        notes.forEach(progress::step);
        summary.putPOJO("notes", notes);
        try {
            AtomicFiles.writeString(out.resolve("summary.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary.json could not be serialised", e);
        }
        List<String> written = new ArrayList<>(outputs.written());
        written.add("summary.json");
        return new Result(out, List.copyOf(written), r.matches().count(), summary);
    }
}
