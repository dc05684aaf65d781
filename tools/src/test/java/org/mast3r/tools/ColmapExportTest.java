package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.export.ColmapText;
import org.mast3r.geometry.Rotations;

/**
 * {@code match --colmap DIR} on the tiny model: the three text files are parsed back and checked against
 * pose.json and matches.csv (cameras, world-to-camera poses, keypoints, tracks, reprojection errors), and
 * COLMAP itself reads the model where it is installed.
 */
class ColmapExportTest {
    @TempDir Path tmp;

    private static CliRun match(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("match", TinyModel.IMG1.toString(), TinyModel.IMG2.toString(),
                "--model", TinyModel.CHECKPOINT.toString(), "--out", out.toString(), "--size", "224", "--threads", "2", "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The data lines of a COLMAP text file (comments dropped), split on spaces. */
    private static List<String[]> rows(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) rows.add(line.isEmpty() ? new String[0] : line.split(" "));
        }
        return rows;
    }

    @Test
    void writesAModelThatAgreesWithPoseAndMatches() throws IOException, InterruptedException {
        Path out = tmp.resolve("out"), model = tmp.resolve("colmap");
        CliRun r = match(out, "--pose", "--colmap", model.toString());
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode pose = Json.read(out.resolve("pose.json"));
        List<String> csv = Files.readAllLines(out.resolve("matches.csv"));
        int m = csv.size() - 1;
        assertTrue(m > 0, "no matches");

        List<String[]> cams = rows(model.resolve("cameras.txt"));
        assertEquals(2, cams.size());
        int[][] sizes = {{300, 200}, {240, 320}};
        double[][] k = new double[2][];
        for (int c = 0; c < 2; c++) {
            String[] f = cams.get(c);
            assertEquals(List.of(String.valueOf(c + 1), "PINHOLE", String.valueOf(sizes[c][0]), String.valueOf(sizes[c][1])), List.of(f).subList(0, 4));
            k[c] = new double[] {Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7])};
            assertEquals(pose.get("focal" + (c + 1)).asDouble(), k[c][0], 1e-9, "fx is the estimated focal");
            assertEquals(k[c][0], k[c][1], 0.01 * k[c][0], "fy differs from fx only by the resize's rounding");
            assertArrayEquals(new double[] {sizes[c][0] / 2.0, sizes[c][1] / 2.0}, new double[] {k[c][2], k[c][3]}, "principal point at the centre");
        }

        List<String[]> imgs = rows(model.resolve("images.txt"));
        assertEquals(4, imgs.size(), "two lines per image");
        assertEquals(List.of("1", "1.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "1", "a.png"), List.of(imgs.get(0)));
        String[] im2 = imgs.get(2);
        assertEquals(List.of("2", "b.png"), List.of(im2[8], im2[9]));
        double[] q = new double[4], t = new double[3], rot = new double[9], centre = new double[3];
        for (int i = 0; i < 4; i++) q[i] = Double.parseDouble(im2[1 + i]);
        for (int i = 0; i < 3; i++) t[i] = Double.parseDouble(im2[5 + i]);
        for (int i = 0; i < 9; i++) rot[i] = pose.get("rotation").get(i / 3).get(i % 3).asDouble();
        for (int i = 0; i < 3; i++) centre[i] = pose.get("translation").get(i).asDouble();
        double[] rt = Rotations.transpose(rot);
        assertArrayEquals(rt, Rotations.fromQuaternion(q), 1e-9, "qvec is camera 2's world-to-camera rotation R^T");
        double[] minusRtC = Rotations.apply(rt, centre);
        for (int i = 0; i < 3; i++) assertEquals(-minusRtC[i], t[i], 1e-9, "tvec = -R^T t");

        // Keypoints: the CSV's, half a pixel over (COLMAP puts the first pixel's centre at 0.5).
        int[][] ids = new int[2][m];
        for (int img = 0; img < 2; img++) {
            String[] pts = imgs.get(2 * img + 1);
            assertEquals(3 * m, pts.length, "one keypoint per match in image " + (img + 1));
            for (int j = 0; j < m; j++) {
                String[] row = csv.get(j + 1).split(",");
                assertEquals(Double.parseDouble(row[2 * img]) + 0.5, Double.parseDouble(pts[3 * j]), 0.006);
                assertEquals(Double.parseDouble(row[2 * img + 1]) + 0.5, Double.parseDouble(pts[3 * j + 1]), 0.006);
                ids[img][j] = Integer.parseInt(pts[3 * j + 2]);
            }
        }
        assertArrayEquals(ids[0], ids[1], "both images' keypoint j see the same 3D point");

        List<String[]> points = rows(model.resolve("points3D.txt"));
        Map<Integer, String[]> byId = new HashMap<>();
        for (String[] p : points) {
            assertEquals(12, p.length, "one track of two observations: " + String.join(" ", p));
            assertTrue(byId.put(Integer.parseInt(p[0]), p) == null, "duplicate POINT3D_ID " + p[0]);
        }
        int referenced = 0;
        for (int j = 0; j < m; j++) {
            if (ids[0][j] < 0) continue;
            referenced++;
            String[] p = byId.get(ids[0][j]);
            assertEquals(List.of("1", String.valueOf(j), "2", String.valueOf(j)), List.of(p).subList(8, 12), "track of match " + j);
            for (int c = 4; c < 7; c++) assertTrue(Integer.parseInt(p[c]) >= 0 && Integer.parseInt(p[c]) <= 255);
            double[] x1 = {Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3])};
            double error = Double.parseDouble(p[7]);
            double expected = meanReprojection(x1, rt, centre, k, csv.get(j + 1).split(","));
            assertEquals(expected, error, 1e-3 * Math.max(1, Math.abs(expected)), "error of point " + p[0]);
        }
        assertEquals(points.size(), referenced, "every point is seen, every seen id exists");
        // At 224 the matches are the network pass's own, so every one has a point.
        assertEquals(m, points.size());

        colmapReads(model);
    }

    /** Mean pixel distance of x1's projections to match j's keypoints, or -1 when behind either camera. */
    private static double meanReprojection(double[] x1, double[] rt, double[] centre, double[][] k, String[] row) {
        double[] x2 = Rotations.apply(rt, new double[] {x1[0] - centre[0], x1[1] - centre[1], x1[2] - centre[2]});
        if (!(x1[2] > 0) || !(x2[2] > 0)) return -1;
        double e = 0;
        double[][] cam = {x1, x2};
        for (int c = 0; c < 2; c++) {
            double u = k[c][0] * cam[c][0] / cam[c][2] + k[c][2], v = k[c][1] * cam[c][1] / cam[c][2] + k[c][3];
            e += Math.hypot(u - (Double.parseDouble(row[2 * c]) + 0.5), v - (Double.parseDouble(row[2 * c + 1]) + 0.5));
        }
        return e / 2;
    }

    /** COLMAP's own reader, where the colmap binary is installed: text to binary, then the analyzer. */
    private void colmapReads(Path model) throws IOException, InterruptedException {
        Optional<Path> colmap = GltfValidator.onPath("colmap");
        if (colmap.isEmpty()) {
            System.err.println("ColmapExportTest: colmap is not on PATH; the model was checked by parsing only");
            return;
        }
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        String conv = runColmap(colmap.get(), "model_converter", "--input_path", model.toString(), "--output_path", bin.toString(), "--output_type", "BIN");
        for (String f : List.of("cameras.bin", "images.bin", "points3D.bin")) assertTrue(Files.isRegularFile(bin.resolve(f)), f + ": " + conv);
        String analysis = runColmap(colmap.get(), "model_analyzer", "--path", model.toString());
        System.err.println("colmap model_analyzer:\n" + analysis);
        assertTrue(analysis.contains("Registered images: 2"), analysis);
    }

    private static String runColmap(Path colmap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(colmap.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("colmap " + args[0] + " ran past 120 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "colmap " + args[0] + ":\n" + out);
        return out;
    }

    @Test
    void refusesANonEmptyFolderBeforeAnyModelWork() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(model.resolve("keep.txt"), "mine");
        CliRun r = match(tmp.resolve("out"), "--colmap", model.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals("mast3r: " + model + ": exists and is not empty (use --force to write into it)", r.err().strip());
        assertEquals("mine", Files.readString(model.resolve("keep.txt")));
    }

    @Test
    void imageNamesAreFileNamesOrPathsBelowTheCommonFolder() {
        assertArrayEquals(new String[] {"a.png", "b.jpg"}, ColmapText.imageNames(Path.of("/x/one/a.png"), Path.of("/y/b.jpg")));
        assertArrayEquals(new String[] {"cam0/000.png", "cam1/000.png"},
                ColmapText.imageNames(Path.of("/x/cam0/000.png"), Path.of("/x/cam1/000.png")));
        BadInputException same = assertThrows(BadInputException.class, () -> ColmapText.imageNames(Path.of("/x/a.png"), Path.of("/x/a.png")));
        assertEquals("/x/a.png", same.subject());
        BadInputException space = assertThrows(BadInputException.class, () -> ColmapText.imageNames(Path.of("/x/my photo.png"), Path.of("/x/b.png")));
        assertEquals("/x/my photo.png", space.subject());
    }
}
