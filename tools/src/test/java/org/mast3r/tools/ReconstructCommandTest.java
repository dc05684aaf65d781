package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.align.AlignOptions;
import org.mast3r.scene.run.ReconstructOptions;
import org.mast3r.scene.run.ReconstructionJob;
import picocli.CommandLine;

/** {@code mast3r reconstruct} on the command line: option parsing, every bad input, and a whole run. */
class ReconstructCommandTest {
    @TempDir Path tmp;

    private static List<String> args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("reconstruct"));
        a.addAll(SceneImages.args());
        a.addAll(List.of("--model", TinyModel.CHECKPOINT.toString(), "--out", out.toString(), "--size", "224", "--threads", "2", "--quiet"));
        a.addAll(List.of(extra));
        return a;
    }

    /** Runs a command line that must be refused: exit 2, one stderr line naming {@code subject}, nothing written. */
    private static void refused(List<String> args, String subject, String problem, Path untouched) throws IOException {
        boolean existed = Files.exists(untouched);
        List<String> before = existed ? listing(untouched) : null;
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("mast3r: " + subject + ": "), r.err());
        assertTrue(r.err().contains(problem), r.err() + " lacks " + problem);
        assertEquals("", r.out());
        if (existed) assertEquals(before, listing(untouched), "the output folder changed");
        else assertFalse(Files.exists(untouched), "a refused run created " + untouched);
    }

    /** {@code args} with the value after {@code option} replaced. */
    private static List<String> replaced(List<String> args, String option, String value) {
        List<String> a = new ArrayList<>(args);
        a.set(a.indexOf(option) + 1, value);
        return a;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p) + " " + p.toFile().length() + " " + p.toFile().lastModified()).sorted().toList();
        }
    }

    @Test
    void optionsReachTheJob() {
        ReconstructCommand c = new ReconstructCommand();
        new CommandLine(c).parseArgs("a.png", "dir", "--model", "m", "--scene-graph", "swin-3", "--kinematic", "mst",
                "--no-refine", "--shared-intrinsics", "--lr1", "0.5", "--niter2", "12", "--min-conf", "2.5", "--resume", "--threads", "3");
        ReconstructOptions o = c.arguments.options();
        assertEquals(List.of(Path.of("a.png"), Path.of("dir")), o.images());
        assertEquals(Path.of("m"), o.checkpoint());
        assertFalse(o.refine(), "--no-refine");
        assertEquals(AlignOptions.Kinematic.MST, o.kinematic());
        assertEquals("swin-3", o.sceneGraph());
        assertTrue(o.sharedIntrinsics() && o.resume());
        assertEquals(0.5, o.lr1());
        assertEquals(12, o.niter2());
        assertEquals(2.5f, o.minConf());
        assertEquals(3, o.threads());
        assertEquals(Path.of("mast3r-scene"), o.out());
        ReconstructCommand d = new ReconstructCommand();
        new CommandLine(d).parseArgs("a.png", "--model", "m", "--refine");
        assertTrue(d.arguments.options().refine(), "--refine");
        ReconstructCommand e = new ReconstructCommand();
        new CommandLine(e).parseArgs("a.png", "--model", "m");
        ReconstructOptions defaults = e.arguments.options();
        assertTrue(defaults.refine(), "refine is on by default");
        assertEquals(8, defaults.subsample());
        assertEquals(300, defaults.niter1());
        assertEquals(0.01, defaults.lr2());
        assertEquals(1.5f, defaults.minConf());
        assertEquals("complete", defaults.sceneGraph());
        assertEquals(512, defaults.size());
        assertEquals(AlignOptions.Kinematic.HCLUST_WARD, defaults.kinematic());
        assertEquals(Runtime.getRuntime().availableProcessors(), defaults.threads());
    }

    @Test
    void badInputsAreOneLineAndLeaveNothingBehind() throws IOException {
        Path out = tmp.resolve("out");
        String img1 = TinyModel.IMG1.toString();
        List<String> one = new ArrayList<>(List.of("reconstruct", img1, "--model", TinyModel.CHECKPOINT.toString(), "--out", out.toString()));
        refused(one, img1, "at least two images", out);

        List<String> twice = new ArrayList<>(args(out));
        twice.add(1, img1);
        refused(twice, img1, "given twice", out);

        Path broken = Files.writeString(tmp.resolve("broken.png"), "not a png");
        List<String> unreadable = new ArrayList<>(args(out));
        unreadable.add(2, broken.toString());
        refused(unreadable, broken.toString(), "", out);

        Path k = Files.writeString(tmp.resolve("k.json"), "{\"images\": [{\"file\": \"nope.png\", \"focal\": 1}]}");
        refused(args(out, "--intrinsics", k.toString()), k.toString(), "no input image is nope.png", out);
        Path p = Files.writeString(tmp.resolve("p.json"), "{\"images\": [{\"index\": 0, \"cam2w\": [[1, 0], [0, 1]]}]}");
        refused(args(out, "--poses", p.toString()), p.toString(), "4x4", out);
        Path pairs = Files.writeString(tmp.resolve("pairs.txt"), "0 1\n1 x\n");
        refused(args(out, "--pairs", pairs.toString()), pairs.toString(), "", out);
        refused(args(out, "--kinematic", "tree"), "--kinematic", "hclust-ward or mst", out);
        refused(replaced(args(out), "--size", "300"), "--size", "512 or 224", out);
        refused(replaced(args(out), "--model", tmp.resolve("missing").toString()), tmp.resolve("missing").toString(), "", out);

        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        refused(args(out), out.toString(), "not empty", out);
        refused(args(out, "--resume"), out.toString(), "holds no run to resume", out);
        refused(args(out, "--resume", "--force"), "--resume", "cannot be combined with --force", out);
        Path colmap = Files.createDirectories(tmp.resolve("colmap"));
        Files.writeString(colmap.resolve("keep.txt"), "mine");
        refused(args(tmp.resolve("out2"), "--colmap", colmap.toString()), colmap.toString(), "not empty", tmp.resolve("out2"));
    }

    /** --resume on a folder whose pairs belong to other inputs is refused before any work. */
    @Test
    void resumeWithADifferentRunIsRefused() throws IOException {
        Path out = tmp.resolve("out");
        List<Path> three = SceneImages.ALL.subList(0, 3);
        new ReconstructionJob(ReconstructOptions.builder(three, TinyModel.CHECKPOINT).out(out).size(224).threads(2).build(),
                "t", new StubAlignment()).run(Progress.NONE, m -> {});
        refused(args(out, "--resume"), out.resolve("pairs").toString(), "different run (images differ)", out);
    }

    /** The whole command with the real alignment and refinement on a tiny synthetic model over four images. */
    @Test
    void wholeRunThroughTheCommandLine() throws IOException, InterruptedException {
        Path out = tmp.resolve("scene"), colmap = tmp.resolve("colmap");
        CliRun r = CliRun.of(args(out, "--glb", "--colmap", colmap.toString(), "--niter1", "30", "--niter2", "30").toArray(String[]::new));
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains(out.resolve("cameras.json").toString()), r.out());
        JsonNode s = SceneOutputCheck.verify(out, SceneImages.ALL, 224, true, colmap);
        assertEquals(6, s.at("/pairs/computed").asInt());
        // random synthetic weights give meaningless geometry: the stages must run and report finite losses, not converge
        assertEquals("coarse", s.at("/stages/0/name").asText());
        assertEquals("fine", s.at("/stages/1/name").asText());
        assertEquals("refine", s.at("/stages/3/name").asText());
        for (int k = 0; k < 2; k++) assertTrue(Double.isFinite(s.at("/stages/" + k + "/loss_end").asDouble()), s.toString());

        Files.delete(out.resolve("pairs/pair-1-2.bin"));
        CliRun again = CliRun.of(args(out, "--resume", "--niter1", "30", "--niter2", "30").toArray(String[]::new));
        assertEquals(Main.OK, again.code(), again.err());
        assertTrue(again.out().contains("(1 computed, 5 reused)"), again.out());
    }
}
