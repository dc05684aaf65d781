package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.export.PngFiles;
import org.mast3r.tools.demo.DemoScene;

/** {@code mast3r match} end to end on the tiny MASt3R config: every output file, refusals and bad inputs. */
class MatchCommandTest {
    @TempDir Path tmp;
    static final Path checkpoint = TinyModel.CHECKPOINT, img1 = TinyModel.IMG1, img2 = TinyModel.IMG2;

    private CliRun match(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("match", img1.toString(), img2.toString(),
                "--model", checkpoint.toString(), "--out", out.toString(), "--size", "224", "--threads", "2", "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesEveryOutputFile() throws IOException {
        Path out = tmp.resolve("out");
        CliRun r = match(out);
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals("", r.err());

        List<String> csv = Files.readAllLines(out.resolve("matches.csv"));
        assertEquals("x1,y1,x2,y2,conf", csv.getFirst());
        assertTrue(csv.size() > 1, "no matches at all");
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",");
            assertEquals(5, f.length, row);
            double x1 = Double.parseDouble(f[0]), y1 = Double.parseDouble(f[1]), x2 = Double.parseDouble(f[2]), y2 = Double.parseDouble(f[3]);
            assertTrue(x1 >= 0 && x1 < 300 && y1 >= 0 && y1 < 200, row);
            assertTrue(x2 >= 0 && x2 < 240 && y2 >= 0 && y2 < 320, row);
            assertTrue(Float.parseFloat(f[4]) >= 0, row);
        }

        assertPly(out.resolve("view1.ply"), 224 * 224);
        assertPly(out.resolve("view2.ply"), 224 * 224);
        assertPng(out.resolve("matches.png"), 448, 224);
        for (String pic : List.of("depth1.png", "depth2.png", "conf1.png", "conf2.png")) assertPng(out.resolve(pic), 224, 224);

        JsonNode s = Json.read(out.resolve("summary.json"));
        for (String key : List.of("engine", "inputs", "model", "options", "seconds", "matches", "crop_pairs", "ply", "ranges", "notes")) {
            assertTrue(s.has(key), "summary.json lacks " + key);
        }
        assertEquals(csv.size() - 1, s.get("matches").asInt());
        assertEquals("AsymmetricMASt3R", s.at("/model/class").asText());
        assertEquals(300, s.at("/inputs/image1/original_wh/0").asInt());
        assertTrue(s.at("/seconds/network").asDouble() > 0);
        assertEquals(2, s.at("/ranges/depth1.png").size());
    }

    @Test
    void coarseToFineMatchesInFullResolutionPixels() throws IOException {
        Path big1 = tmp.resolve("big1.png"), big2 = tmp.resolve("big2.png");
        PngFiles.write(big1, PngFiles.picture(DemoScene.render(800, 600, new double[] {0, 0, 0}, 0, 0.9)));
        PngFiles.write(big2, PngFiles.picture(DemoScene.render(700, 525, new double[] {0.4, 0, 0.2}, -0.08, 0.9)));
        Path out = tmp.resolve("c2f");
        CliRun r = CliRun.of("match", big1.toString(), big2.toString(), "--model", checkpoint.toString(), "--out", out.toString(),
                "--coarse-to-fine", "--threads", "2", "--quiet");
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode s = Json.read(out.resolve("summary.json"));
        assertTrue(s.at("/options/coarse_to_fine").asBoolean());
        assertTrue(s.has("crop_pairs") && s.at("/seconds/fine").asDouble() >= 0, s.toString());
        List<String> csv = Files.readAllLines(out.resolve("matches.csv"));
        assertEquals(s.get("matches").asInt(), csv.size() - 1);
        assertTrue(csv.size() > 1, "coarse-to-fine lost every match");
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",");
            assertTrue(Double.parseDouble(f[0]) < 800 && Double.parseDouble(f[1]) < 600, row);
            assertTrue(Double.parseDouble(f[2]) < 700 && Double.parseDouble(f[3]) < 525, row);
        }
    }

    @Test
    void minConfKeepsOnlyConfidentPixelsAndNeverEmptiesAView() throws IOException {
        Path out = tmp.resolve("strict");
        CliRun r = match(out, "--min-conf", "1e9", "--max-matches", "3");
        assertEquals(Main.OK, r.code(), r.err());
        assertPly(out.resolve("view1.ply"), 1);
        JsonNode s = Json.read(out.resolve("summary.json"));
        assertTrue(s.get("notes").toString().contains("kept the most confident one"), s.toString());
        assertTrue(s.get("matches").asInt() <= 3);
    }

    @Test
    void refusesANonEmptyOutputFolderWithoutForce() throws IOException {
        Path out = tmp.resolve("taken");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliRun r = match(out);
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals("mast3r: " + out + ": exists and is not empty (use --force to write into it)", r.err().strip());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        assertEquals(Main.OK, match(out, "--force").code());
    }

    @Test
    void badInputsGiveOneLineNamingTheFile() throws IOException {
        Path missing = tmp.resolve("nope.png");
        CliRun r = CliRun.of("match", missing.toString(), img2.toString(), "--model", checkpoint.toString(), "--out", tmp.resolve("x1").toString());
        assertOneLine(r, missing.toString());

        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("config.json"), Files.readString(checkpoint.resolve("config.json")));
        Files.write(broken.resolve("model.safetensors"), "not a safetensors file".getBytes(StandardCharsets.US_ASCII));
        r = CliRun.of("match", img1.toString(), img2.toString(), "--model", broken.toString(), "--out", tmp.resolve("x2").toString());
        assertOneLine(r, broken.resolve("model.safetensors").toString());

        Path otherConfig = Fixtures.dir("dust3r-linear-tiny").resolve("config.json");
        r = CliRun.of("match", img1.toString(), img2.toString(), "--model", checkpoint.resolve("model.safetensors").toString(),
                "--config", otherConfig.toString(), "--out", tmp.resolve("x3").toString());
        assertOneLine(r, checkpoint.resolve("model.safetensors").toString());
    }

    private static void assertOneLine(CliRun r, String subject) {
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), r.err());
        assertTrue(line.startsWith("mast3r: " + subject + ": "), line);
    }

    /** Binary little-endian PLY with the seven properties and 19 bytes per vertex. */
    private static void assertPly(Path file, int vertices) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int end = text.indexOf("end_header\n") + "end_header\n".length();
        String header = text.substring(0, end);
        assertTrue(header.startsWith("ply\nformat binary_little_endian 1.0\n"), header);
        assertTrue(header.contains("element vertex " + vertices + "\n"), header);
        for (String p : List.of("float x", "float y", "float z", "uchar red", "uchar green", "uchar blue", "float confidence")) {
            assertTrue(header.contains("property " + p + "\n"), header);
        }
        assertEquals(end + 19L * vertices, bytes.length);
        float z = ByteBuffer.wrap(bytes, end + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertTrue(Float.isFinite(z));
    }

    private static void assertPng(Path file, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(width, img.getWidth(), file.toString());
        assertEquals(height, img.getHeight(), file.toString());
    }
}
