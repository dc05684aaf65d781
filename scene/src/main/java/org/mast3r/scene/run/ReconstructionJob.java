package org.mast3r.scene.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.align.AlignmentInput;
import org.mast3r.scene.align.AlignmentResult;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.PairPrediction;
import org.mast3r.scene.align.Priors;
import org.mast3r.scene.align.StageReport;
import org.mast3r.scene.graph.PairGraph;
import org.mast3r.scene.graph.PairListFile;
import org.mast3r.scene.refine.Camera;
import org.mast3r.scene.refine.SceneRefinement;
import org.mast3r.scene.refine.SceneTracks;
import org.mast3r.scene.refine.Track;

/**
 * {@code mast3r reconstruct} as one library call: many images in, one scene out. Steps: pre-processing (as
 * {@code match}), the pair list, one encoder pass per image, both decoder passes and the matches of every pair
 * (kept in a {@link PairStore} under {@code out/pairs}, so an interrupted run resumes), sparse global alignment,
 * then the files ({@link SceneOutputs}, COLMAP, summary.json). Every input is checked before anything is
 * written: a bad one is a {@link BadInputException} and leaves the output folder as it was.
 */
// ref: naver/mast3r f5209af mast3r/demo.py get_reconstructed_scene, mast3r/cloud_opt/sparse_ga.py sparse_global_alignment
public final class ReconstructionJob {
    /** What a run wrote: files relative to {@code out} (COLMAP's absolute), the summary, and the pair counts. */
    public record Result(Path out, List<String> written, ObjectNode summary, int pairsComputed, int pairsReused) {
        /** What a run prints on stdout: the counts, then each file written. */
        public List<String> report() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%d images, %d pairs (%d computed, %d reused); wrote %s", summary.get("images").asInt(),
                    pairsComputed + pairsReused, pairsComputed, pairsReused, out));
            for (String f : written) lines.add("  " + out.resolve(f));
            return lines;
        }
    }

    private final ReconstructOptions options;
    private final String engine;
    private final Aligner aligner;
    private final PairRunner pairs;

    /** {@code engine} names the program in summary.json ("mast3r-java 0.1.0"). */
    public ReconstructionJob(ReconstructOptions options, String engine) {
        this(options, engine, Aligner.SPARSE_GA);
    }

    public ReconstructionJob(ReconstructOptions options, String engine, Aligner aligner) {
        this(options, engine, aligner, PairRunner.LOCAL);
    }

    /** {@code pairs} computes the pairs the store lacks (on this JVM, or on a cluster). */
    public ReconstructionJob(ReconstructOptions options, String engine, Aligner aligner, PairRunner pairs) {
        this.options = options;
        this.engine = engine;
        this.aligner = aligner;
        this.pairs = pairs;
    }

    /** Runs the job; {@code progress} gets the counted steps, {@code log} one-off lines (alignment milestones, notes). */
    public Result run(Progress progress, Consumer<String> log) {
        Inputs in = checkInputs();
        try (Mast3r model = Mast3r.load(options.checkpoint(), options.config(), options.device(), options.threads())) {
            checkModel(model);
            log.accept(String.format(Locale.ROOT, "loaded %s (%,d parameters) from %s in %.2f s", model.config().modelClass(),
                    model.checkpoint().parameterCount(), options.checkpoint(), model.loadSeconds()));
            return run(model, in, progress, log);
        }
    }

    /**
     * As {@link #run(Progress, Consumer)} on a model the caller loaded (and keeps open) from the options' checkpoint
     * and config; the options' device and threads are the model's, whatever they say.
     */
    public Result run(Mast3r model, Progress progress, Consumer<String> log) {
        if (model.source() != null && !model.source().equals(options.checkpoint())) {
            throw new IllegalArgumentException("the model was loaded from " + model.source() + ", the options name " + options.checkpoint());
        }
        Inputs in = checkInputs();
        checkModel(model);
        return run(model, in, progress, log);
    }

    /** What is read and checked before the network runs: the image files and their pictures, the pairs, the priors. */
    private record Inputs(List<Path> files, List<String> colmapNames, List<int[]> ordered, List<PreparedImage> images,
                          Priors priors, RunFingerprint fingerprint, Map<String, Double> seconds) {}

    private Inputs checkInputs() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        checkNumbers();
        List<Path> files = ImageList.expand(options.images());
        List<String> colmapNames = options.colmap() != null ? ColmapModel.imageNames(files) : null;
        checkFolder(options.out(), true);
        if (options.colmap() != null) checkFolder(options.colmap(), false);

        List<int[]> ordered = orderedPairs(files.size());
        // Inputs first, silently: a bad image or file must be the only line on stderr.
        long t = System.nanoTime();
        List<PreparedImage> images = new ArrayList<>();
        for (Path f : files) images.add(Preprocess.load(f, options.size(), false));
        lap(seconds, "preprocess", t);
        Priors priors = new Priors(
                options.intrinsicsFile() == null ? Map.of() : PriorFiles.intrinsics(options.intrinsicsFile(), files, images),
                options.refineIntrinsics(),
                options.posesFile() == null ? Map.of() : PriorFiles.poses(options.posesFile(), files));
        RunFingerprint fingerprint = RunFingerprint.of(options.checkpoint(), options.config(), files, options.size(), options.subsample(),
                options.alignOptions().matchingConfThr());
        return new Inputs(files, colmapNames, ordered, images, priors, fingerprint, seconds);
    }

    private void checkModel(Mast3r model) {
        if (!model.config().isMast3r() || model.config().descDim() <= 0) {
            throw new BadInputException(options.checkpoint().toString(), "is a DUSt3R checkpoint; reconstruct needs MASt3R's local descriptors");
        }
    }

    private Result run(Mast3r model, Inputs in, Progress progress, Consumer<String> log) {
        Map<String, Double> seconds = in.seconds();
        List<String> notes = new ArrayList<>();
        List<Path> files = in.files();
        List<String> colmapNames = in.colmapNames();
        List<int[]> ordered = in.ordered();
        List<PreparedImage> images = in.images();
        Priors priors = in.priors();
        int n = images.size();
        List<int[]> unordered = ordered.subList(0, ordered.size() / 2);
        int[] heights = images.stream().mapToInt(PreparedImage::height).toArray();
        int[] widths = images.stream().mapToInt(PreparedImage::width).toArray();
        seconds.put("load", model.loadSeconds());
        long t = System.nanoTime();
        createFolder(options.out());
        if (options.colmap() != null) createFolder(options.colmap());
        PairStore store = PairStore.open(options.out().resolve("pairs"), in.fingerprint(), heights, widths, options.subsample(), options.resume());

        List<int[]> missing = unordered.stream().filter(p -> !store.contains(p[0], p[1])).toList();
        int reused = unordered.size() - missing.size();
        if (reused > 0) log.accept("pairs: " + reused + " of " + unordered.size() + " reused from " + store.folder());
        pairs.run(new PairWork(options, files, images, missing, store, model, seconds), progress, log);
        t = System.nanoTime();

        // the matches are small (20 bytes each) and every later step reads them: one pass over the store
        List<PairCorrespondences> matches = unordered.stream().map(p -> store.matches(p[0], p[1])).toList();
        AlignmentInput input = new AlignmentInput(heights, widths, ordered, predictions(store, ordered), matches);
        AlignmentResult aligned = aligner.run(input, options.alignOptions(), priors, log);
        double align = (System.nanoTime() - t) / 1e9;
        double staged = 0;
        for (StageReport s : aligned.stages()) {
            String key = s.name().toLowerCase(Locale.ROOT).contains("coarse") ? "coarse" : s.name().toLowerCase(Locale.ROOT).contains("fine") ? "fine" : s.name();
            seconds.merge(key, s.seconds(), Double::sum);
            staged += s.seconds();
        }
        seconds.putIfAbsent("coarse", 0.0);
        seconds.putIfAbsent("fine", 0.0);
        t = System.nanoTime();
        AlignmentResult scene = aligned;
        SceneTracks.Triangulated tracks = null;
        if (options.refine()) {
            SceneRefinement.Refined refined = SceneRefinement.apply(aligned, matches, priors, options.sharedIntrinsics());
            log.accept(refined.report().summary());
            scene = refined.result();
            tracks = refined.tracks();
        }
        t = lap(seconds, "refine", t);
        seconds.put("dense", Math.max(0, align - staged));

        SceneOutputs out = new SceneOutputs(options.out(), files, images, scene);
        out.cameras();
        int points = out.pointCloud(options.minConf());
        out.pictures();
        if (options.glb()) out.glb(options.minConf());
        List<String> written = new ArrayList<>(out.written());
        if (options.colmap() != null) {
            List<ColmapModel.Camera> cams = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[] k = out.originalK(i);
                PreparedImage img = images.get(i);
                cams.add(new ColmapModel.Camera(colmapNames.get(i), img.originalWidth(), img.originalHeight(), k[0], k[4], k[2], k[5], scene.cam2w()[i]));
            }
            if (tracks == null) tracks = SceneTracks.of(cameras(scene), matches);
            ColmapModel.write(options.colmap(), cams, colmapTracks(tracks, images));
            Path dir = options.colmap().toAbsolutePath().normalize();
            for (String f : List.of("cameras.txt", "images.txt", "points3D.txt")) written.add(dir.resolve(f).toString());
        }
        SceneReprojection reprojection = SceneReprojection.of(scene, matches);
        lap(seconds, "export", t);
        notes.forEach(log);
        ObjectNode summary = summary(model, files, images, unordered.size(), missing.size(), seconds, scene, reprojection, points, notes);
        out.json("summary.json", summary);
        written.add("summary.json");
        return new Result(options.out(), written, summary, missing.size(), reused);
    }

    private static List<Camera> cameras(AlignmentResult scene) {
        List<Camera> out = new ArrayList<>();
        for (int k = 0; k < scene.K().length; k++) out.add(new Camera(scene.K()[k], scene.cam2w()[k]));
        return out;
    }

    /** The tracks in original pixels, each coloured from its first view. */
    private static List<ColmapModel.Track> colmapTracks(SceneTracks.Triangulated tracks, List<PreparedImage> images) {
        List<ColmapModel.Track> out = new ArrayList<>();
        for (int t = 0; t < tracks.tracks().size(); t++) {
            Track tr = tracks.tracks().get(t);
            double[] xy = new double[tr.xy().length];
            for (int o = 0; o < tr.images().length; o++) {
                PreparedImage img = images.get(tr.images()[o]);
                xy[2 * o] = img.originalX(tr.xy()[2 * o]);
                xy[2 * o + 1] = img.originalY(tr.xy()[2 * o + 1]);
            }
            PreparedImage first = images.get(tr.images()[0]);
            int p = 3 * (tr.xy()[1] * first.width() + tr.xy()[0]);
            byte[] rgb = {first.rgb()[p], first.rgb()[p + 1], first.rgb()[p + 2]};
            double[] xyz = {tracks.points()[3 * t], tracks.points()[3 * t + 1], tracks.points()[3 * t + 2]};
            out.add(new ColmapModel.Track(xyz, rgb, -1, tr.images(), xy));
        }
        return out;
    }

    /** The ordered pairs, symmetrised as make_pairs does: the graph's (or the file's) pairs, then each reversed. */
    private List<int[]> orderedPairs(int n) {
        if (options.pairsFile() != null) return PairListFile.read(options.pairsFile(), n);
        try {
            return PairGraph.pairs(options.sceneGraph(), n);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--scene-graph", e.getMessage());
        }
    }

    /** The passes of the ordered pairs, read from the store on each get (nothing is kept). */
    private static List<PairPrediction> predictions(PairStore store, List<int[]> ordered) {
        return new AbstractList<>() {
            @Override
            public PairPrediction get(int k) {
                return store.prediction(ordered.get(k)[0], ordered.get(k)[1]);
            }

            @Override
            public int size() {
                return ordered.size();
            }
        };
    }

    private void checkNumbers() {
        if (options.size() != 512 && options.size() != 224) throw new BadInputException("--size", "must be 512 or 224, got " + options.size());
        if (options.subsample() < 1 || options.subsample() > 64) throw new BadInputException("--subsample", "must be between 1 and 64");
        if (options.niter1() < 0) throw new BadInputException("--niter1", "must be 0 or more");
        if (options.niter2() < 0) throw new BadInputException("--niter2", "must be 0 or more");
        if (!(options.lr1() > 0) || !Double.isFinite(options.lr1())) throw new BadInputException("--lr1", "must be a positive number");
        if (!(options.lr2() > 0) || !Double.isFinite(options.lr2())) throw new BadInputException("--lr2", "must be a positive number");
        if (!Float.isFinite(options.minConf())) throw new BadInputException("--min-conf", "must be a number");
        if (options.threads() < 1) throw new BadInputException("--threads", "must be 1 or more");
        if (options.resume() && options.force()) throw new BadInputException("--resume", "cannot be combined with --force (which starts over)");
    }

    /**
     * An output folder may be missing or empty; a non-empty one needs --force (start over) or --resume (continue
     * the run it holds: a run folder must then hold one). Nothing is created here, so a bad input found later
     * leaves no trace.
     */
    private void checkFolder(Path dir, boolean runFolder) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new BadInputException(dir.toString(), "exists and is not a folder");
        if (!Files.isDirectory(dir) || options.force()) return;
        boolean empty;
        try (Stream<Path> s = Files.list(dir)) {
            empty = s.findAny().isEmpty();
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), "cannot list: " + e.getMessage());
        }
        if (empty) return;
        if (!options.resume()) {
            throw new BadInputException(dir.toString(), "exists and is not empty (use --force to start over in it, or --resume to continue its run)");
        }
        if (runFolder && !Files.isRegularFile(dir.resolve("pairs").resolve("run.json"))) {
            throw new BadInputException(dir.toString(), "holds no run to resume (no pairs/run.json); use --force to write into it anyway");
        }
    }

    private static void createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), "cannot create: " + e.getMessage());
        }
    }

    private static long lap(Map<String, Double> seconds, String stage, long start) {
        long now = System.nanoTime();
        seconds.merge(stage, (now - start) / 1e9, Double::sum);
        return now;
    }

    private ObjectNode summary(Mast3r model, List<Path> files, List<PreparedImage> images, int pairs, int computed,
                               Map<String, Double> seconds, AlignmentResult scene, SceneReprojection reprojection,
                               int points, List<String> notes) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("engine", engine);
        s.put("images", images.size());
        ArrayNode inputs = s.putArray("inputs");
        for (int i = 0; i < images.size(); i++) {
            ObjectNode in = inputs.addObject();
            in.put("file", files.get(i).toString());
            in.putArray("original_wh").add(images.get(i).originalWidth()).add(images.get(i).originalHeight());
            in.putArray("network_wh").add(images.get(i).width()).add(images.get(i).height());
        }
        ObjectNode p = s.putObject("pairs");
        p.put("total", pairs);
        p.put("computed", computed);
        p.put("reused", pairs - computed);
        ObjectNode m = s.putObject("model");
        m.put("path", options.checkpoint().toString());
        m.put("class", model.config().modelClass());
        m.put("parameters", model.checkpoint().parameterCount());
        ObjectNode o = s.putObject("options");
        o.put("scene_graph", options.pairsFile() != null ? null : options.sceneGraph());
        o.put("pairs_file", options.pairsFile() == null ? null : options.pairsFile().toString());
        o.put("size", options.size());
        o.put("subsample", options.subsample());
        o.put("niter1", options.niter1());
        o.put("niter2", options.niter2());
        o.put("lr1", options.lr1());
        o.put("lr2", options.lr2());
        o.put("kinematic", options.kinematic().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        o.put("shared_intrinsics", options.sharedIntrinsics());
        o.put("intrinsics", options.intrinsicsFile() == null ? null : options.intrinsicsFile().toString());
        o.put("refine_intrinsics", options.refineIntrinsics());
        o.put("poses", options.posesFile() == null ? null : options.posesFile().toString());
        o.put("min_conf", options.minConf());
        o.put("refine", options.refine());
        o.put("threads", model.threads());
        o.put("device", model.device());
        o.put("resume", options.resume());
        ObjectNode secs = s.putObject("seconds");
        for (String k : List.of("preprocess", "load", "encode", "pairs", "coarse", "fine", "refine", "dense", "export")) {
            secs.put(k, seconds.getOrDefault(k, 0.0));
        }
        ArrayNode stages = s.putArray("stages");
        for (StageReport r : scene.stages()) {
            stages.addObject().put("name", r.name()).put("loss_start", r.firstLoss()).put("loss_end", r.lastLoss())
                    .put("iterations", r.iterations()).put("seconds", r.seconds());
        }
        s.put("mean_reprojection_px", Double.isFinite(reprojection.mean()) ? reprojection.mean() : null);
        s.put("reprojection_matches", reprojection.matches());
        s.put("reprojection_skipped", reprojection.skipped());
        s.put("points", points);
        s.putPOJO("notes", notes);
        return s;
    }
}
