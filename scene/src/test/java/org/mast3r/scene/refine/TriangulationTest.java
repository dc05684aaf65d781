package org.mast3r.scene.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DLT on exact pixels gives the point; behind a camera or at infinity gives none. */
class TriangulationTest {

    @Test
    void exactPixelsGiveThePoint() {
        SyntheticScene scene = SyntheticScene.make(new SplittableRandom(1), 5, 50, 0, 0, 0);
        double[] cams = CameraArray.pack(scene.truth());
        int[] images = {0, 2, 4};
        for (int i = 0; i < 50; i++) {
            double[] xy = new double[6];
            for (int v = 0; v < 3; v++) {
                double[] uv = SyntheticScene.project(scene.truth().get(images[v]), scene.points(), i);
                xy[2 * v] = uv[0];
                xy[2 * v + 1] = uv[1];
            }
            double[] p = Triangulation.point(cams, images, xy);
            assertNotNull(p, "point " + i);
            assertArrayEquals(new double[] {scene.points()[3 * i], scene.points()[3 * i + 1], scene.points()[3 * i + 2]}, p, 1e-9);
        }
    }

    @Test
    void aPointBehindACameraOrAtInfinityIsNone() {
        // two cameras 2 apart on x, both looking down +z
        List<Camera> cameras = List.of(at(0, 0), at(2, 0));
        double[] cams = CameraArray.pack(cameras);
        double[] ahead = {1, 0, 5}, behind = {1, 0, -5}, far = {1, 0, 500};
        for (double[] x : new double[][] {ahead, behind, far}) {
            double[] xy = new double[4];
            for (int v = 0; v < 2; v++) {
                double[] uv = SyntheticScene.project(cameras.get(v), x, 0);
                xy[2 * v] = uv[0];
                xy[2 * v + 1] = uv[1];
            }
            double[] p = Triangulation.point(cams, new int[] {0, 1}, xy);
            if (x == ahead) assertArrayEquals(ahead, p, 1e-9);
            else assertNull(p, "point at z = " + x[2]);
        }
    }

    private static Camera at(double x, double y) {
        return new Camera(new double[] {300, 0, 160, 0, 300, 120, 0, 0, 1},
                new double[] {1, 0, 0, x, 0, 1, 0, y, 0, 0, 1, 0, 0, 0, 0, 1});
    }
}
