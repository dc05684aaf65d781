package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.align.PairPrediction;
import org.mast3r.scene.run.ReconstructOptions;
import org.mast3r.scene.run.ReconstructionJob;

/**
 * The reconstruction job around the alignment, with {@link StubAlignment} standing in for sparse global
 * alignment: the input it gets (symmetrised pairs, lazy passes and matches, priors at network resolution),
 * every output file, and resuming an interrupted run.
 */
class ReconstructJobTest {
    @TempDir Path tmp;

    private ReconstructOptions.Builder options(List<Path> images, Path out) {
        return ReconstructOptions.builder(images, TinyModel.CHECKPOINT).out(out).size(224).threads(2).niter1(7).niter2(9);
    }

    @Test
    void alignmentInputAndEveryOutputFile() throws IOException, InterruptedException {
        Path out = tmp.resolve("scene"), colmap = tmp.resolve("colmap");
        Path intrinsics = Files.writeString(tmp.resolve("k.json"), "{\"images\": [{\"file\": \"b.png\", \"focal\": 300, \"cx\": 119.5, \"cy\": 160}]}");
        Path poses = Files.writeString(tmp.resolve("p.json"), "{\"images\": [{\"index\": 3, \"cam2w\": [[0, -1, 0, 1], [1, 0, 0, 2], [0, 0, 1, 3], [0, 0, 0, 1]]}]}");
        List<Path> given = List.of(TinyModel.IMG1, TinyModel.IMG2, SceneImages.MORE);
        StubAlignment stub = new StubAlignment();
        List<String> log = new ArrayList<>();
        ReconstructionJob.Result r = new ReconstructionJob(options(given, out).glb(true).colmap(colmap)
                .intrinsicsFile(intrinsics).posesFile(poses).build(), "mast3r-java test", stub).run(Progress.NONE, log::add);

        // What the alignment got: make_pairs' complete graph symmetrised, the passes and matches from the store.
        List<int[]> pairs = stub.input.pairs();
        int[][] expected = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {3, 2}, {0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}};
        assertEquals(expected.length, pairs.size());
        for (int k = 0; k < expected.length; k++) assertArrayEquals(expected[k], pairs.get(k), "pair " + k);
        assertEquals(12, stub.input.predictions().size());
        assertEquals(6, stub.input.matches().size());
        for (int k = 0; k < 12; k++) {
            PairPrediction p = stub.input.predictions().get(k);
            assertArrayEquals(expected[k], new int[] {p.a(), p.b()});
            assertEquals(224 * 224 * 3, p.x11().length);
            assertEquals(28 * 28 * 3, p.x21Sub().length);
        }
        for (int k = 0; k < 6; k++) {
            assertArrayEquals(expected[k], new int[] {stub.input.matches().get(k).a(), stub.input.matches().get(k).b()});
        }
        assertEquals(7, stub.options.niter1());
        assertEquals(9, stub.options.niter2());
        PreparedImage b = Preprocess.load(TinyModel.IMG2, 224, false);
        assertArrayEquals(new double[] {300 * b.scaleX(), b.networkX(119.5), b.networkY(160)}, stub.priors.intrinsics().get(1), 1e-12);
        assertEquals(List.of(3), List.copyOf(stub.priors.cam2w().keySet()));
        assertTrue(log.contains("stub alignment: 4 images"), log.toString());

        JsonNode s = SceneOutputCheck.verify(out, SceneImages.ALL, 224, true, colmap);
        assertEquals(6, s.at("/pairs/computed").asInt());
        assertEquals(6, r.pairsComputed());
        assertEquals(5.0, s.at("/stages/0/loss_end").asDouble());
        JsonNode cams = org.mast3r.common.Json.read(out.resolve("cameras.json")).get("cameras");
        assertEquals(300, cams.get(1).get("focal").asDouble(), 1e-9, "a known focal comes back in original pixels");
        assertEquals(119.5, cams.get(1).at("/K/0/2").asDouble(), 1e-9);
        assertEquals(2.0, cams.get(3).at("/cam2w/1/3").asDouble(), "a known pose comes back");
        // The stub keeps every pass as it was predicted, so the scene reprojects each pass's own matches loosely,
        // but the number is defined: matches of all six pairs were projected.
        assertTrue(s.get("reprojection_matches").asInt() + s.get("reprojection_skipped").asInt() > 0);
        try (Stream<Path> st = Files.list(out.resolve("pairs"))) {
            List<String> stored = st.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("enc-0.bin", "enc-1.bin", "enc-2.bin", "enc-3.bin", "pair-0-1.bin", "pair-0-2.bin", "pair-0-3.bin",
                    "pair-1-2.bin", "pair-1-3.bin", "pair-2-3.bin", "run.json"), stored);
        }
    }

    /**
     * A model loaded once (as a server holds it) serves two runs with the files of a run that loads its own; a model
     * loaded from another checkpoint than the options name is refused (the stored pairs' fingerprint names the options').
     */
    @Test
    void aLoadedModelServesRunsLikeALoadingRun() throws IOException {
        List<Path> two = List.of(TinyModel.IMG1, TinyModel.IMG2);
        ReconstructionJob.Result loading = new ReconstructionJob(options(two, tmp.resolve("loading")).build(), "t", new StubAlignment())
                .run(Progress.NONE, m -> {});
        try (Mast3r model = Mast3r.load(TinyModel.CHECKPOINT, 2)) {
            for (String run : List.of("first", "second")) {
                ReconstructionJob.Result r = new ReconstructionJob(options(two, tmp.resolve(run)).build(), "t", new StubAlignment())
                        .run(model, Progress.NONE, m -> {});
                assertEquals(loading.written(), r.written());
                for (String f : List.of("pairs/pair-0-1.bin", "scene.ply", "cameras.json")) {
                    assertArrayEquals(Files.readAllBytes(loading.out().resolve(f)), Files.readAllBytes(r.out().resolve(f)), run + " " + f);
                }
                assertEquals(loading.summary().get("options"), r.summary().get("options"));
            }
            ReconstructOptions elsewhere = ReconstructOptions.builder(two, tmp.resolve("other-checkpoint")).out(tmp.resolve("x")).build();
            assertThrows(IllegalArgumentException.class, () -> new ReconstructionJob(elsewhere, "t").run(model, Progress.NONE, m -> {}));
        }
    }

    /** A landscape and a portrait image at 512: each pass and stored map has its own image's shape. */
    @Test
    void landscapeAndPortraitAt512() throws IOException, InterruptedException {
        Path out = tmp.resolve("mixed");
        List<Path> two = List.of(TinyModel.IMG1, TinyModel.IMG2);
        StubAlignment stub = new StubAlignment();
        new ReconstructionJob(options(two, out).size(512).build(), "mast3r-java test", stub).run(Progress.NONE, m -> {});
        assertArrayEquals(new int[] {336, 512}, stub.input.heights());
        assertArrayEquals(new int[] {512, 384}, stub.input.widths());
        PairPrediction p10 = stub.input.predictions().get(0), p01 = stub.input.predictions().get(1);
        assertArrayEquals(new int[] {1, 0, 0, 1}, new int[] {p10.a(), p10.b(), p01.a(), p01.b()});
        assertEquals(512 * 384 * 3, p10.x11().length);
        assertEquals(42 * 64 * 3, p10.x21Sub().length, "image 0's X21 at every 8th row and column");
        assertEquals(336 * 512, p01.c11().length);
        assertEquals(64 * 48, p01.c21Sub().length);
        SceneOutputCheck.verify(out, two, 512, false, null);
    }

    /** A run stopped after two pairs resumes with those two read back and only the others computed. */
    @Test
    void resumeReusesThePairsOfAnInterruptedRun() throws IOException {
        Path out = tmp.resolve("resume");
        List<Path> three = SceneImages.ALL.subList(0, 3);
        RuntimeException stop = new RuntimeException("stopped");
        Progress stopAfterTwo = (stage, done, total) -> {
            if (stage.equals("pairs") && done == 2) throw stop;
        };
        assertEquals(stop, assertThrows(RuntimeException.class,
                () -> new ReconstructionJob(options(three, out).build(), "t", new StubAlignment()).run(stopAfterTwo, m -> {})));
        List<Path> done;
        try (Stream<Path> st = Files.list(out.resolve("pairs"))) {
            done = st.filter(p -> p.getFileName().toString().startsWith("pair-")).sorted().toList();
        }
        assertEquals(2, done.size(), "the pairs finished before the stop are on disk, whole");
        FileTime before = Files.getLastModifiedTime(done.getFirst());
        byte[] bytes = Files.readAllBytes(done.getFirst());

        BadInputException busy = assertThrows(BadInputException.class,
                () -> new ReconstructionJob(options(three, out).build(), "t", new StubAlignment()).run(Progress.NONE, m -> {}));
        assertTrue(busy.problem().contains("--resume"), busy.problem());

        List<String> stages = new ArrayList<>();
        ReconstructionJob.Result r = new ReconstructionJob(options(three, out).resume(true).build(), "t", new StubAlignment())
                .run((stage, d, total) -> stages.add(stage + " " + d + "/" + total), m -> {});
        assertEquals(1, r.pairsComputed());
        assertEquals(2, r.pairsReused());
        assertEquals(2, r.summary().at("/pairs/reused").asInt());
        assertTrue(stages.contains("pairs 1/1"), stages.toString());
        assertTrue(stages.stream().noneMatch(x -> x.startsWith("images encoded")), "every encoding was stored before the stop: " + stages);
        assertEquals(before, Files.getLastModifiedTime(done.getFirst()), "a reused pair is not rewritten");
        assertArrayEquals(bytes, Files.readAllBytes(done.getFirst()));

        BadInputException other = assertThrows(BadInputException.class,
                () -> new ReconstructionJob(options(three, out).resume(true).subsample(4).build(), "t", new StubAlignment()).run(Progress.NONE, m -> {}));
        assertEquals(out.resolve("pairs").toString(), other.subject());
        assertTrue(other.problem().contains("different run (subsample differ)"), other.problem());
    }
}
