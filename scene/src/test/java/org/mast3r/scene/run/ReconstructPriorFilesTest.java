package org.mast3r.scene.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.image.PreparedImage;

/** --intrinsics and --poses files: entries by file or index, original pixels to network pixels, every defect named. */
class ReconstructPriorFilesTest {
    @TempDir Path tmp;

    @Test
    void intrinsicsGoToNetworkPixelsThroughResizeAndCrop() throws IOException {
        List<Path> files = List.of(SceneTestData.view(0), SceneTestData.view(1), SceneTestData.view(2));
        // 256x192 -> 512x384 (x2, no crop) at 512; -> 299x224, crop x 37 at 224.
        for (int size : new int[] {512, 224}) {
            List<PreparedImage> imgs = files.stream().map(f -> org.mast3r.image.Preprocess.load(f, size, false)).toList();
            Path f = write("{\"images\": [{\"file\": \"view1.png\", \"focal\": 200, \"cx\": 120.5, \"cy\": 90},"
                    + " {\"index\": 2, \"focal\": 210}]}");
            Map<Integer, double[]> k = PriorFiles.intrinsics(f, files, imgs);
            assertEquals(List.of(1, 2), List.copyOf(k.keySet()));
            PreparedImage a = imgs.get(1), b = imgs.get(2);
            assertArrayEquals(new double[] {200 * a.scaleX(), a.networkX(120.5), a.networkY(90)}, k.get(1), 1e-12);
            assertArrayEquals(new double[] {210 * b.scaleX(), b.width() / 2.0, b.height() / 2.0}, k.get(2), 1e-12);
            if (size == 512) assertArrayEquals(new double[] {400, 241.5, 180.5}, k.get(1), 1e-12);
            if (size == 224) assertEquals(224.0 / 192, a.scaleX(), 1e-2);
        }
    }

    @Test
    void posesAreCheckedRotations() throws IOException {
        List<Path> files = List.of(SceneTestData.view(0), SceneTestData.view(1));
        double c = Math.cos(0.3), s = Math.sin(0.3);
        Path f = write("{\"images\": [{\"index\": 1, \"cam2w\": [[" + c + ", 0, " + s + ", 1.5], [0, 1, 0, -2], [" + -s + ", 0, " + c + ", 0.25], [0, 0, 0, 1]]}]}");
        Map<Integer, double[]> p = PriorFiles.poses(f, files);
        assertEquals(List.of(1), List.copyOf(p.keySet()));
        assertArrayEquals(new double[] {c, 0, s, 1.5, 0, 1, 0, -2, -s, 0, c, 0.25, 0, 0, 0, 1}, p.get(1));
    }

    @Test
    void malformedFilesNameTheFileAndTheEntry() throws IOException {
        List<Path> files = List.of(SceneTestData.view(0), SceneTestData.view(1));
        List<PreparedImage> imgs = files.stream().map(x -> SceneTestData.prepared(files.indexOf(x), 512)).toList();
        String id = "[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]";
        Map<String, String> intrinsics = Map.of(
                "[1,2]", "expected {\"images\"",
                "{\"images\": [{\"file\": \"nope.png\", \"focal\": 1}]}", "no input image is nope.png",
                "{\"images\": [{\"index\": 5, \"focal\": 1}]}", "index must be an integer from 0 to 1",
                "{\"images\": [{\"index\": 0, \"focal\": -3}]}", "focal must be a positive",
                "{\"images\": [{\"index\": 0, \"focal\": \"big\"}]}", "focal must be a number",
                "{\"images\": [{\"index\": 0, \"focal_px\": 3}]}", "unknown key \"focal_px\"",
                "{\"images\": [{\"index\": 0, \"file\": \"view0.png\", \"focal\": 3}]}", "exactly one of",
                "{\"images\": [{\"index\": 0, \"focal\": 3}, {\"file\": \"view0.png\", \"focal\": 4}]}", "already given by images[0]",
                "{\"images\": [", "invalid JSON");
        for (var e : intrinsics.entrySet()) {
            Path f = write(e.getKey());
            BadInputException x = assertThrows(BadInputException.class, () -> PriorFiles.intrinsics(f, files, imgs), e.getKey());
            assertEquals(f.toString(), x.subject());
            assertTrue(x.problem().contains(e.getValue()), x.problem() + " lacks " + e.getValue());
        }
        Map<String, String> poses = Map.of(
                "{\"images\": [{\"index\": 0, \"cam2w\": [[1,0,0],[0,1,0],[0,0,1]]}]}", "4x4",
                "{\"images\": [{\"index\": 0, \"cam2w\": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,1,1]]}]}", "last row",
                "{\"images\": [{\"index\": 0, \"cam2w\": [[2,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}", "not a rotation",
                "{\"images\": [{\"index\": 0, \"cam2w\": [[-1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}", "not a rotation",
                "{\"images\": [{\"index\": 0, \"cam2w\": [[1,0,0,0],[0,1,0,null],[0,0,1,0],[0,0,0,1]]}]}", "non-number",
                "{\"images\": [{\"index\": 0, \"pose\": " + id + "}]}", "unknown key");
        for (var e : poses.entrySet()) {
            Path f = write(e.getKey());
            BadInputException x = assertThrows(BadInputException.class, () -> PriorFiles.poses(f, files), e.getKey());
            assertEquals(f.toString(), x.subject());
            assertTrue(x.problem().contains(e.getValue()), x.problem() + " lacks " + e.getValue());
        }
    }

    private int count;

    private Path write(String text) throws IOException {
        Path f = tmp.resolve("prior" + count++ + ".json");
        Files.writeString(f, text);
        return f;
    }
}
