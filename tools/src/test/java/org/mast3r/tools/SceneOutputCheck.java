package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.mast3r.common.Json;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;

/** Every file of a reconstruction, checked against the inputs: what reconstruct promises, whatever aligned the scene. */
final class SceneOutputCheck {
    private SceneOutputCheck() {}

    /** Checks out/ (and the COLMAP folder when not null) for these images at this network size; returns summary.json. */
    static JsonNode verify(Path out, List<Path> images, int size, boolean glb, Path colmap) throws IOException, InterruptedException {
        int n = images.size();
        List<PreparedImage> prepared = new ArrayList<>();
        for (Path p : images) prepared.add(Preprocess.load(p, size, false));

        JsonNode cams = Json.read(out.resolve("cameras.json"));
        assertEquals(List.of("cameras"), names(cams));
        assertEquals(n, cams.get("cameras").size());
        for (int i = 0; i < n; i++) {
            JsonNode c = cams.get("cameras").get(i);
            PreparedImage img = prepared.get(i);
            assertEquals(List.of("file", "width", "height", "network_width", "network_height", "K", "cam2w", "focal"), names(c));
            assertEquals(images.get(i).toString(), c.get("file").asText());
            assertEquals(img.originalWidth(), c.get("width").asInt());
            assertEquals(img.originalHeight(), c.get("height").asInt());
            assertEquals(img.width(), c.get("network_width").asInt());
            assertEquals(img.height(), c.get("network_height").asInt());
            double[][] k = matrix(c.get("K"), 3), m = matrix(c.get("cam2w"), 4);
            assertEquals(k[0][0], c.get("focal").asDouble(), 0, "focal is K[0][0]");
            assertTrue(k[0][0] > 0 && k[1][1] > 0 && k[0][1] == 0 && k[1][0] == 0 && k[2][0] == 0 && k[2][1] == 0 && k[2][2] == 1, "K " + c.get("K"));
            // Original K against network pixels: the principal point maps into the network window, fx sx = fy sy.
            assertEquals(k[0][0] * img.scaleX(), k[1][1] * img.scaleY(), 1e-9 * k[0][0], "square pixels at network resolution");
            double u = img.networkX(k[0][2]), v = img.networkY(k[1][2]);
            assertTrue(u > 0 && u < img.width() && v > 0 && v < img.height(), "principal point (" + u + ", " + v + ") outside the network image");
            assertEquals(0, m[3][0]);
            assertEquals(0, m[3][1]);
            assertEquals(0, m[3][2]);
            assertEquals(1, m[3][3]);
        }

        int vertices = plyVertices(out.resolve("scene.ply"));
        for (int i = 0; i < n; i++) {
            String name = String.format("%03d.png", i);
            for (String sub : List.of("depth", "conf")) {
                BufferedImage pic = ImageIO.read(out.resolve(sub).resolve(name).toFile());
                assertEquals(prepared.get(i).width(), pic.getWidth(), sub + "/" + name);
                assertEquals(prepared.get(i).height(), pic.getHeight(), sub + "/" + name);
            }
        }
        if (glb) {
            GlbFile g = GlbFile.read(out.resolve("scene.glb"));
            List<String> nodes = g.json().path("nodes").findValuesAsText("name");
            for (int i = 0; i < n; i++) {
                String cam = String.format("camera%03d", i);
                assertTrue(nodes.contains(cam), cam + " in " + nodes);
                assertEquals(16 * 3, g.positions(cam).length, cam + ": 8 segments");
            }
            int points = 0;
            for (String node : nodes) if (node.startsWith("points")) points += g.positions(node).length / 3;
            assertEquals(vertices, points, "scene.glb holds the scene.ply points (below its cap)");
            Optional<GltfValidator.Report> report = GltfValidator.run(out.resolve("scene.glb"));
            if (report.isPresent()) {
                System.err.println("gltf-validator on " + out.resolve("scene.glb") + ": " + report.get().json().get("issues"));
                assertEquals(0, report.get().json().at("/issues/numErrors").asInt(), report.get().json().toString());
                assertEquals(0, report.get().exitCode());
            }
        } else {
            assertFalse(Files.exists(out.resolve("scene.glb")));
        }
        if (colmap != null) {
            List<String> cameras = data(colmap.resolve("cameras.txt"));
            assertEquals(n, cameras.size());
            for (int i = 0; i < n; i++) {
                String[] f = cameras.get(i).split(" ");
                assertEquals(List.of(String.valueOf(i + 1), "PINHOLE", String.valueOf(prepared.get(i).originalWidth()),
                        String.valueOf(prepared.get(i).originalHeight())), List.of(f).subList(0, 4));
                double[][] k = matrix(cams.get("cameras").get(i).get("K"), 3);
                assertEquals(k[0][0], Double.parseDouble(f[4]), 1e-9 * k[0][0], "fx");
                assertEquals(k[0][2] + 0.5, Double.parseDouble(f[6]), 1e-9, "cx in COLMAP's pixel convention");
            }
            List<String> imgs = data(colmap.resolve("images.txt"));
            assertEquals(2 * n, imgs.size(), "two lines per image");
            for (int i = 0; i < n; i++) {
                String[] f = imgs.get(2 * i).split(" ");
                assertEquals(10, f.length, imgs.get(2 * i));
                assertEquals(images.get(i).getFileName().toString(), f[9]);
                double qn = 0;
                for (int q = 1; q <= 4; q++) qn += Double.parseDouble(f[q]) * Double.parseDouble(f[q]);
                assertEquals(1, qn, 1e-9, "unit quaternion");
            }
            assertTrue(Files.isRegularFile(colmap.resolve("points3D.txt")));
        }

        JsonNode s = Json.read(out.resolve("summary.json"));
        for (String key : List.of("engine", "images", "inputs", "pairs", "model", "options", "seconds", "stages",
                "mean_reprojection_px", "reprojection_matches", "points", "notes")) {
            assertTrue(s.has(key), "summary.json lacks " + key);
        }
        assertEquals(n, s.get("images").asInt());
        assertEquals(n * (n - 1) / 2, s.at("/pairs/total").asInt());
        assertEquals(s.at("/pairs/total").asInt(), s.at("/pairs/computed").asInt() + s.at("/pairs/reused").asInt());
        assertEquals(List.of("preprocess", "load", "encode", "pairs", "coarse", "fine", "refine", "dense", "export"), names(s.get("seconds")));
        for (JsonNode st : s.get("stages")) {
            for (String key : List.of("name", "loss_start", "loss_end", "iterations", "seconds")) assertTrue(st.has(key), "stage lacks " + key);
        }
        assertTrue(s.get("mean_reprojection_px").isNumber() && s.get("mean_reprojection_px").asDouble() >= 0, s.toString());
        assertEquals(vertices, s.get("points").asInt());
        assertTrue(s.get("engine").asText().startsWith("mast3r-java "));
        try (Stream<Path> leftovers = Files.walk(out)) {
            assertEquals(List.of(), leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "temp files left behind");
        }
        return s;
    }

    static List<String> names(JsonNode o) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) keys.add(it.next());
        return keys;
    }

    private static double[][] matrix(JsonNode rows, int n) {
        assertEquals(n, rows.size());
        double[][] m = new double[n][n];
        for (int r = 0; r < n; r++) {
            assertEquals(n, rows.get(r).size());
            for (int c = 0; c < n; c++) m[r][c] = rows.get(r).get(c).asDouble();
        }
        return m;
    }

    /** The vertex count of a PLY whose size matches its header (19-byte vertices). */
    static int plyVertices(Path ply) throws IOException {
        byte[] all = Files.readAllBytes(ply);
        String head = new String(all, 0, Math.min(all.length, 1024), StandardCharsets.US_ASCII);
        assertTrue(head.startsWith("ply\nformat binary_little_endian 1.0\n"), "PLY header");
        int body = head.indexOf("end_header\n") + "end_header\n".length();
        int n = Integer.parseInt(head.lines().filter(l -> l.startsWith("element vertex ")).findFirst().orElseThrow().substring(15));
        assertEquals(body + 19L * n, all.length, "PLY size against its header");
        return n;
    }

    /** The non-comment lines of a COLMAP text file (empty keypoint lines included). */
    private static List<String> data(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
    }
}
