package org.mast3r.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.RgbImage;
import org.mast3r.model.ViewOutput;

/**
 * Each exporter writes the same bytes to an OutputStream as to a file, leaves the stream open (a server
 * writes several parts into one response), and its file face writes atomically (no temp file is left).
 */
class StreamEqualsFileTest {
    private static final int W = 24, H = 16;

    @TempDir Path tmp;

    /** An OutputStream that remembers whether it was closed. */
    private static final class Capture extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @FunctionalInterface
    private interface Export {
        void to(OutputStream out) throws IOException;
    }

    /** Writes {@code name} in the temp folder with {@code toFile}, then compares {@code toStream}'s bytes with it. */
    private void sameBytes(String name, Consumer<Path> toFile, Export toStream) throws IOException {
        Path file = tmp.resolve(name);
        toFile.accept(file);
        sameBytes(file, toStream);
    }

    private void sameBytes(Path file, Export stream) throws IOException {
        Capture out = new Capture();
        stream.to(out);
        assertFalse(out.closed, "the exporter closed the caller's stream");
        assertTrue(out.size() > 0, file + ": nothing written");
        assertArrayEquals(Files.readAllBytes(file), out.toByteArray(), file.getFileName().toString());
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "temp files left");
        }
    }

    @Test
    void matchCsv() throws IOException {
        Random r = new Random(1);
        double[] xy1 = doubles(r, 20, 100), xy2 = doubles(r, 20, 100);
        float[] conf = floats(r, 10, 5);
        sameBytes("matches.csv", f -> MatchCsv.write(f, xy1, xy2, conf), out -> MatchCsv.write(out, xy1, xy2, conf));
    }

    @Test
    void pointCloudPly() throws IOException {
        Random r = new Random(2);
        List<PointCloudPly.View> views = List.of(
                new PointCloudPly.View(floats(r, 3 * W * H, 4), rgb(r, W * H), floats(r, W * H, 3), new int[] {0, 5, 7, W * H - 1}),
                new PointCloudPly.View(floats(r, 3 * W * H, 4), rgb(r, W * H), floats(r, W * H, 3), new int[] {2}));
        sameBytes("cloud.ply", f -> PointCloudPly.write(f, views), out -> PointCloudPly.write(out, views));
    }

    @Test
    void png() throws IOException {
        BufferedImage img = PngFiles.picture(new RgbImage(W, H, rgb(new Random(3), W * H)));
        sameBytes("picture.png", f -> PngFiles.write(f, img), out -> PngFiles.write(out, img));
    }

    @Test
    void glb() throws IOException {
        Random r = new Random(4);
        List<GlbWriter.Part> parts = List.of(
                GlbWriter.Part.points("cloud", floats(r, 3 * W * H, 4), rgb(r, W * H), new int[] {1, 2, 3, 40}),
                GlbWriter.Part.lines("camera", floats(r, 3 * 16, 1), CameraFrustum.colour(0)));
        sameBytes("scene.glb", f -> GlbWriter.write(f, parts), out -> GlbWriter.write(out, parts));
    }

    @Test
    void colmapText() throws IOException {
        Random r = new Random(5);
        PreparedImage a = new PreparedImage(W, H, rgb(r, W * H), 48, 32, W, H, 0, 0);
        PreparedImage b = new PreparedImage(W, H, rgb(r, W * H), 36, 24, W, H, 0, 0);
        float[] pts = floats(r, 3 * W * H, 1);
        for (int p = 0; p < W * H; p++) pts[3 * p + 2] += 2;   // in front of both cameras
        ViewOutput view1 = new ViewOutput(H, W, pts, null, 0, null, null);
        double[] xy1 = {3, 4, 10, 12, 40, 2}, xy2 = {5, 6, 11, 9, 30, 20};
        double[] rotation = {1, 0, 0, 0, 1, 0, 0, 0, 1}, translation = {0.1, 0, 0};
        ColmapText.View v1 = new ColmapText.View("a.png", a, 50), v2 = new ColmapText.View("b.png", b, 40);
        int points = ColmapText.write(tmp, v1, v2, rotation, translation, xy1, xy2, view1);
        ColmapText.Model model = ColmapText.model(v1, v2, rotation, translation, xy1, xy2, view1);
        assertTrue(points > 0, "no match got a point: the points file would be its header only");
        assertEquals(points, model.pointCount());
        sameBytes(tmp.resolve("cameras.txt"), model::writeCameras);
        sameBytes(tmp.resolve("images.txt"), model::writeImages);
        sameBytes(tmp.resolve("points3D.txt"), model::writePoints);
    }

    private static double[] doubles(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * r.nextDouble();
        return v;
    }

    private static float[] floats(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = scale * r.nextFloat();
        return v;
    }

    private static byte[] rgb(Random r, int pixels) {
        byte[] v = new byte[3 * pixels];
        r.nextBytes(v);
        return v;
    }
}
