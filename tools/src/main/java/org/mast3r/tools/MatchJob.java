package org.mast3r.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.Json;
import org.mast3r.export.ColmapText;
import org.mast3r.image.PreparedImage;
import org.mast3r.pipeline.ImagePair;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.pipeline.MatchOptions;
import org.mast3r.pipeline.Matching;
import org.mast3r.pipeline.PairResult;
import org.mast3r.pipeline.PoseEstimation;

/**
 * One run of {@code match} (also what {@code demo} and {@code pose} run): load, match, write the files,
 * list them. {@code pose} (or null) adds pose.json and cameras.ply; {@code matchFiles} false keeps only
 * those and summary.json; {@code scene} adds scene.glb and a COLMAP model.
 */
record MatchJob(Path img1, Path img2, Path checkpoint, Path config, Path out, boolean force, float minConf,
                MatchOptions options, String device, int threads, PoseRequest pose, boolean matchFiles, SceneExports.Request scene) {

    /** What {@code --pose} / {@code mast3r pose} asks: focals in original pixels (null: estimate), camera 1's world pose. */
    record PoseRequest(Double focal1, Double focal2, Path refPose, long seed) {}

    MatchJob(Path img1, Path img2, Path checkpoint, Path config, Path out, boolean force, float minConf,
             MatchOptions options, int threads) {
        this(img1, img2, checkpoint, config, out, force, minConf, options, "cpu", threads, null, true, SceneExports.Request.NONE);
    }

    void run(ProgressLine progress, PrintWriter stdout) {
        String[] names = scene.colmap() != null ? ColmapText.imageNames(img1, img2) : null;
        Path dir = OutputDir.prepare(out, force);
        if (scene.colmap() != null) OutputDir.prepare(scene.colmap(), force);
        // The scene exports need the pose; without --pose they get it estimated, but no pose.json.
        PoseRequest poseNeeded = pose != null ? pose : scene.any() ? new PoseRequest(null, null, null, 0) : null;
        // Inputs first, silently: a bad image or checkpoint must be the only line on stderr.
        long t0 = System.nanoTime();
        ImagePair images = ImagePair.load(img1, img2, options.size());
        double preprocess = (System.nanoTime() - t0) / 1e9;
        PoseFiles.RefPose ref = pose == null || pose.refPose() == null ? null : PoseFiles.RefPose.read(pose.refPose());
        try (Mast3r m = Mast3r.load(checkpoint, config, device, threads)) {
            progress.step(String.format(Locale.ROOT, "loaded %s (%,d parameters) from %s in %.2f s", m.config().modelClass(),
                    m.checkpoint().parameterCount(), checkpoint, m.loadSeconds()));
            PairResult r = Matching.run(m, images, options, progress);
            r.seconds().put("preprocess", preprocess);
            ObjectNode summary = summary(m, r);
            MatchOutputs outputs = new MatchOutputs(dir, summary);
            List<String> notes = matchFiles ? outputs.writeAll(r, minConf) : new ArrayList<>();
            if (poseNeeded != null) {
                PoseEstimation.Result p = PoseEstimation.estimate(m, images, r, poseNeeded.focal1(), poseNeeded.focal2(), poseNeeded.seed(), progress);
                if (pose != null) outputs.written().addAll(PoseFiles.write(dir, p, r, ref));
                outputs.written().addAll(SceneExports.write(scene, dir, r, p, minConf, names, notes));
                summary.put("pose_low_confidence", p.pose().lowConfidence());
                if (p.pose().lowConfidence()) notes.add("pose: low confidence (" + p.pose().status() + ", " + p.pose().inlierCount() + " inliers)");
            }
            notes.forEach(progress::step);
            summary.putPOJO("notes", notes);
            AtomicFiles.writeString(dir.resolve("summary.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
            stdout.printf(Locale.ROOT, "%d matches; wrote %s%n", r.matches().count(), dir);
            for (String f : outputs.written()) stdout.println("  " + dir.resolve(f));
            stdout.println("  " + dir.resolve("summary.json"));
            stdout.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary.json could not be serialised", e);
        }
    }

    private ObjectNode summary(Mast3r m, PairResult r) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("engine", "mast3r-java " + Main.VERSION);
        ObjectNode inputs = s.putObject("inputs");
        input(inputs.putObject("image1"), img1, r.image1());
        input(inputs.putObject("image2"), img2, r.image2());
        ObjectNode model = s.putObject("model");
        model.put("path", checkpoint.toString());
        model.put("class", m.config().modelClass());
        model.put("parameters", m.checkpoint().parameterCount());
        model.put("dtype", m.checkpoint().file() == null ? "F32" : m.checkpoint().file().get(m.checkpoint().file().names().getFirst()).dtype().name());
        ObjectNode opts = s.putObject("options");
        opts.put("size", options.size());
        opts.put("subsample", options.subsample());
        opts.put("coarse_to_fine", options.coarseToFine());
        opts.put("max_matches", options.maxMatches());
        opts.put("min_conf", minConf);
        opts.put("threads", m.threads());
        opts.put("device", device);
        ObjectNode secs = s.putObject("seconds");
        secs.put("load", m.loadSeconds());
        r.seconds().forEach(secs::put);
        s.put("matches", r.matches().count());
        s.put("crop_pairs", r.cropPairs());
        return s;
    }

    private static void input(ObjectNode n, Path file, PreparedImage img) {
        n.put("path", file.toString());
        n.putArray("original_wh").add(img.originalWidth()).add(img.originalHeight());
        n.putArray("network_wh").add(img.width()).add(img.height());
    }
}
