package org.mast3r.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;

/**
 * A match job on a model loaded once: two jobs on the same model write the same bytes, the result lists
 * exactly the files in the folder (summary.json last) and the summary's match count, a pose and scene request
 * add their files, and a non-empty folder is refused before the network runs.
 */
class MatchJobTest {
    private static final MatchOptions SMALL = new MatchOptions(224, 8, 0, false, MatchOptions.DEFAULT_PIXEL_TOL);

    private static Mast3r model;

    @TempDir Path tmp;

    @BeforeAll
    static void loadOnce() {
        ModelConfig config = ModelConfig.fromJson(Json.read(Fixtures.file("mast3r-tiny", "config.json")), "config.json");
        model = Mast3r.synthetic(config, new SynthSpec(0, 1.0, Map.of()), 2);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void oneLoadedModelServesTwoJobsWithTheSameFiles() throws IOException {
        Path a = image("a.png", 1), b = image("b.png", 2);
        List<String> progressLines = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void update(String stage, int done, int total) {}

            @Override
            public void step(String message) {
                progressLines.add(message);
            }
        };
        MatchJob job = MatchJob.of(a, b, SMALL);
        MatchJob.Result first = job.run(model, tmp.resolve("one"), progress);
        MatchJob.Result second = job.run(model, tmp.resolve("two"), Progress.NONE);

        assertEquals(List.of("matches.csv", "view1.ply", "view2.ply", "matches.png", "depth1.png", "depth2.png",
                "conf1.png", "conf2.png", "summary.json"), first.written());
        assertEquals(Set.copyOf(first.written()), listing(first.out()));
        assertEquals(first.matchCount(), first.summary().get("matches").asInt());
        assertEquals(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(first.summary()) + "\n",
                Files.readString(first.out().resolve("summary.json")));
        assertEquals("cpu", first.summary().at("/options/device").asText());
        for (String f : first.written()) {
            if (f.equals("summary.json")) continue;   // holds the seconds of each run
            assertArrayEquals(Files.readAllBytes(first.out().resolve(f)), Files.readAllBytes(second.out().resolve(f)), f);
        }
        assertEquals(first.summary().get("notes").size(), progressLines.size(), "each note is also a progress step");
    }

    @Test
    void poseAndSceneRequestsAddTheirFiles() throws IOException {
        Path a = image("a.png", 3), b = image("b.png", 4);
        Path colmap = tmp.resolve("colmap");
        MatchJob job = new MatchJob(a, b, SMALL, 0f, MatchJob.PoseRequest.ESTIMATED, false,
                new SceneExports.Request(true, colmap), false);
        MatchJob.Result r = job.run(model, tmp.resolve("out"), Progress.NONE);
        Path c = colmap.toAbsolutePath().normalize();
        assertEquals(List.of("pose.json", "cameras.ply", "scene.glb", c.resolve("cameras.txt").toString(),
                c.resolve("images.txt").toString(), c.resolve("points3D.txt").toString(), "summary.json"), r.written());
        for (String f : r.written()) assertTrue(Files.isRegularFile(r.out().resolve(f)), f);
    }

    @Test
    void nonEmptyFolderIsRefusedUnlessForced() throws IOException {
        Path a = image("a.png", 5), b = image("b.png", 6);
        Path out = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(out.resolve("keep.txt"), "x");
        BadInputException e = assertThrows(BadInputException.class, () -> MatchJob.of(a, b, SMALL).run(model, out, Progress.NONE));
        assertTrue(e.getMessage().startsWith(out + ": exists and is not empty"), e.getMessage());
        MatchJob forced = new MatchJob(a, b, SMALL, 0f, null, true, SceneExports.Request.NONE, true);
        assertEquals("summary.json", forced.run(model, out, Progress.NONE).written().getLast());
        assertTrue(Files.isRegularFile(out.resolve("summary.json")));
        assertTrue(Files.isRegularFile(out.resolve("keep.txt")));
    }

    /** A 320x240 PNG of ramps and an xor pattern, shifted by the seed: texture for a few matches. */
    private Path image(String name, long seed) throws IOException {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        int[] phase = {r.nextInt(64), r.nextInt(64), r.nextInt(64)};
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                int red = (x * 3 + phase[0]) & 0xff, green = (y * 5 + phase[1]) & 0xff, blue = ((x ^ y) + phase[2]) & 0xff;
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        Path file = tmp.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
