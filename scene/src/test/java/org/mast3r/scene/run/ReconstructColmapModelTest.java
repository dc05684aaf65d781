package org.mast3r.scene.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;

/** The multi-view COLMAP text model: cameras, world-to-camera poses, keypoints and points from the tracks given. */
class ReconstructColmapModelTest {
    @TempDir Path tmp;

    @Test
    void camerasPosesKeypointsAndTracks() throws IOException {
        // Camera 2 turned 90 degrees about z and moved to (1, 2, 3): world-to-camera R^T, -R^T t.
        double[] id = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        double[] turned = {0, -1, 0, 1, 1, 0, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1};
        List<ColmapModel.Camera> cams = List.of(
                new ColmapModel.Camera("a.png", 300, 200, 250, 251, 149.5, 99.5, id),
                new ColmapModel.Camera("b.png", 240, 320, 260, 260, 119.5, 159.5, turned),
                new ColmapModel.Camera("c.png", 100, 100, 90, 90, 49.5, 49.5, id));
        List<ColmapModel.Track> tracks = List.of(
                new ColmapModel.Track(new double[] {0.5, -1, 4}, new byte[] {10, 20, (byte) 200}, 0.25, new int[] {0, 1, 2}, new double[] {10, 20, 30, 40, 50, 60}),
                new ColmapModel.Track(new double[] {1, 2, 3}, new byte[] {1, 2, 3}, -1, new int[] {1, 0}, new double[] {7, 8, 9, 11}));
        ColmapModel.write(tmp, cams, tracks);

        List<String> c = data(tmp.resolve("cameras.txt"));
        assertEquals(List.of("1 PINHOLE 300 200 250.0 251.0 150.0 100.0", "2 PINHOLE 240 320 260.0 260.0 120.0 160.0",
                "3 PINHOLE 100 100 90.0 90.0 50.0 50.0"), c);

        List<String> images = data(tmp.resolve("images.txt"));
        assertEquals(6, images.size());
        assertEquals("1 1.0 0.0 0.0 0.0 0.0 0.0 0.0 1 a.png", images.get(0));
        assertEquals("10.500 20.500 1 9.500 11.500 2", images.get(1), "image 1 sees track 1 (its keypoint 0) and track 2 (keypoint 1)");
        String[] pose = images.get(2).split(" ");
        double h = Math.sqrt(0.5);
        assertEquals(h, Double.parseDouble(pose[1]), 1e-12, "qw of a -90 degree turn about z");
        assertEquals(-h, Double.parseDouble(pose[4]), 1e-12, "qz");
        // t = -R^T C with R^T = [[0,1,0],[-1,0,0],[0,0,1]], C = (1,2,3): (-2, 1, -3)
        assertEquals(-2, Double.parseDouble(pose[5]), 1e-12);
        assertEquals(1, Double.parseDouble(pose[6]), 1e-12);
        assertEquals(-3, Double.parseDouble(pose[7]), 1e-12);
        assertEquals("2", pose[8]);
        assertEquals("b.png", pose[9]);
        assertEquals("30.500 40.500 1 7.500 8.500 2", images.get(3));
        assertEquals("50.500 60.500 1", images.get(5));

        List<String> points = data(tmp.resolve("points3D.txt"));
        assertEquals(List.of("1 0.5 -1.0 4.0 10 20 200 0.250000 1 0 2 0 3 0", "2 1.0 2.0 3.0 1 2 3 -1.00000 2 1 1 1"), points);
        assertTrue(Files.readString(tmp.resolve("points3D.txt")).contains("# Number of points: 2, mean track length: 2.5"));
    }

    @Test
    void namesAreFileNamesOrPathsBelowTheCommonFolder() throws IOException {
        assertEquals(List.of("a.png", "b.png"), ColmapModel.imageNames(List.of(Path.of("x/a.png"), Path.of("y/b.png"))));
        Path x = Files.createDirectories(tmp.resolve("x")), y = Files.createDirectories(tmp.resolve("y"));
        assertEquals(List.of("x/a.png", "y/a.png", "y/c.png"),
                ColmapModel.imageNames(List.of(x.resolve("a.png"), y.resolve("a.png"), y.resolve("c.png"))));
        BadInputException e = assertThrows(BadInputException.class, () -> ColmapModel.imageNames(List.of(Path.of("a b.png"), Path.of("c.png"))));
        assertEquals("a b.png", e.subject());
    }

    private static List<String> data(Path f) throws IOException {
        return Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).toList();
    }
}
