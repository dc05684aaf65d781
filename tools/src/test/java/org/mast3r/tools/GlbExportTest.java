package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.export.GlbWriter;

/**
 * {@code match --glb} on the tiny model: scene.glb is read back (header, chunks, accessors; see
 * {@link GlbFile}), its clouds agree with the PLY files point for point after the axis flip, and the Khronos
 * validator finds no error where Node and gltf-validator are installed.
 */
class GlbExportTest {
    @TempDir Path tmp;

    /** {@code command} (match or pose) with --glb on the tiny model at 224; it must succeed. */
    private static CliRun run(String command, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(command, TinyModel.IMG1.toString(), TinyModel.IMG2.toString(),
                "--model", TinyModel.CHECKPOINT.toString(), "--out", out.toString(), "--size", "224", "--threads", "2", "--quiet", "--glb"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(Main.OK, r.code(), r.err());
        return r;
    }

    @Test
    void sceneGlbHoldsBothCloudsAndBothCamerasAndValidates() throws IOException, InterruptedException {
        Path out = tmp.resolve("out");
        CliRun r = run("match", out, "--min-conf", "1.5");
        assertTrue(r.out().contains(out.resolve("scene.glb").toString()), r.out());
        for (String f : List.of("matches.csv", "view1.ply", "view2.ply", "matches.png", "summary.json")) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertFalse(Files.exists(out.resolve("pose.json")), "--glb estimates the pose but writes pose.json only with --pose");

        GlbFile glb = GlbFile.read(out.resolve("scene.glb"));
        assertEquals(List.of("view1", "view2", "camera1", "camera2"), glb.json().path("nodes").findValuesAsText("name"));
        for (String view : List.of("view1", "view2")) {
            assertEquals(0, glb.primitive(view).get("mode").asInt(), view + " is POINTS");
            float[] ply = plyPositions(out.resolve(view + ".ply"));
            float[] xyz = glb.positions(view);
            assertEquals(ply.length, xyz.length, view + ": the GLB keeps the PLY's --min-conf points");
            for (int i = 0; i < xyz.length; i += 3) {
                assertArrayEquals(new float[] {ply[i], -ply[i + 1], -ply[i + 2]}, new float[] {xyz[i], xyz[i + 1], xyz[i + 2]},
                        view + " vertex " + i / 3 + ": glTF axes are diag(1, -1, -1) of OpenCV's");
            }
        }
        for (String camera : List.of("camera1", "camera2")) {
            assertEquals(1, glb.primitive(camera).get("mode").asInt(), camera + " is LINES");
            assertEquals(16 * 3, glb.positions(camera).length, camera + ": 8 segments");
            byte[] rgba = glb.colours(camera);
            for (int v = 0; v < rgba.length / 4; v++) assertEquals((byte) 255, rgba[4 * v + 3], "opaque");
        }
        float[] apex = glb.positions("camera1");
        assertArrayEquals(new float[] {0, 0, 0}, new float[] {apex[0], apex[1], apex[2]}, 0f, "camera 1 sits at the origin");

        validatorFindsNoError(out.resolve("scene.glb"));
    }

    @Test
    void poseWritesTheSceneToo() throws IOException, InterruptedException {
        Path out = tmp.resolve("pose");
        run("pose", out, "--focal1", "250");
        assertTrue(Files.isRegularFile(out.resolve("pose.json")));
        GlbFile glb = GlbFile.read(out.resolve("scene.glb"));
        assertEquals(List.of("view1", "view2", "camera1", "camera2"), glb.json().path("nodes").findValuesAsText("name"));
        validatorFindsNoError(out.resolve("scene.glb"));
    }

    @Test
    void droppedPointsEmptyPartsAndCorruptionAreHandled() throws IOException, InterruptedException {
        float nan = Float.NaN;
        float[] pts = {1, 2, 3, nan, 0, 1, 4, -5, 6, 7, 8, Float.POSITIVE_INFINITY};
        byte[] rgb = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
        Path file = tmp.resolve("small.glb");
        GlbWriter.write(file, List.of(
                GlbWriter.Part.points("cloud", pts, rgb, new int[] {0, 1, 2, 3}),
                GlbWriter.Part.points("empty", pts, rgb, new int[0]),
                GlbWriter.Part.lines("broken", new float[] {0, 0, 0, nan, 1, 1}, new byte[] {1, 2, 3})));
        GlbFile glb = GlbFile.read(file);
        assertEquals(List.of("cloud"), glb.json().path("nodes").findValuesAsText("name"), "empty and non-finite parts are left out");
        assertArrayEquals(new float[] {1, -2, -3, 4, 5, -6}, glb.positions("cloud"), "the finite points, axes flipped");
        assertArrayEquals(new byte[] {10, 20, 30, (byte) 255, 70, 80, 90, (byte) 255}, glb.colours("cloud"));
        validatorFindsNoError(file);

        // One stored coordinate moved past the declared max: both checkers must object.
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int bin = 20 + b.getInt(12) + 8;
        b.putFloat(bin, 99f);
        Path bad = Files.write(tmp.resolve("bad.glb"), bytes);
        assertThrows(AssertionError.class, () -> GlbFile.read(bad));
        Optional<GltfValidator.Report> report = GltfValidator.run(bad);
        if (report.isPresent()) {
            assertTrue(report.get().json().at("/issues/numErrors").asInt() > 0, report.get().json().toString());
            assertEquals(1, report.get().exitCode());
        }

        Path empty = tmp.resolve("empty.glb");
        GlbWriter.write(empty, List.of());
        assertTrue(GlbFile.read(empty).json().path("nodes").isMissingNode());
        validatorFindsNoError(empty);
    }

    private static void validatorFindsNoError(Path file) throws IOException, InterruptedException {
        Optional<GltfValidator.Report> report = GltfValidator.run(file);
        if (report.isPresent()) {
            System.err.println("gltf-validator on " + file.getFileName() + ": " + report.get().json().get("issues"));
            assertEquals(0, report.get().json().at("/issues/numErrors").asInt(), report.get().json().toString());
            assertEquals(0, report.get().exitCode());
        }
    }

    /** x, y, z of every vertex of one of our PLY files (19-byte vertices after the header). */
    private static float[] plyPositions(Path ply) throws IOException {
        byte[] all = Files.readAllBytes(ply);
        String head = new String(all, 0, Math.min(all.length, 1024), StandardCharsets.US_ASCII);
        int body = head.indexOf("end_header\n") + "end_header\n".length();
        int n = Integer.parseInt(head.lines().filter(l -> l.startsWith("element vertex ")).findFirst().orElseThrow().substring(15));
        ByteBuffer b = ByteBuffer.wrap(all, body, all.length - body).order(ByteOrder.LITTLE_ENDIAN);
        float[] xyz = new float[3 * n];
        for (int v = 0; v < n; v++) for (int k = 0; k < 3; k++) xyz[3 * v + k] = b.getFloat(body + 19 * v + 4 * k);
        return xyz;
    }
}
