package org.mast3r.scene.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.export.CameraFrustum;
import org.mast3r.export.ColorMap;
import org.mast3r.export.GlbWriter;
import org.mast3r.export.PngFiles;
import org.mast3r.export.PointCloudPly;
import org.mast3r.image.PreparedImage;
import org.mast3r.scene.align.AlignmentResult;

/**
 * The files of a reconstruction in its output folder: cameras.json, scene.ply, depth/NNN.png and conf/NNN.png,
 * and with {@code --glb} scene.glb. Cameras go back to the original images' pixels here (the alignment works
 * at network resolution): {@code K_orig = [fx/sx, 0, x(cx); 0, fy/sy, y(cy); 0, 0, 1]} with sx, sy the resize
 * factors and x(), y() the inverse of the resize and crop ({@link PreparedImage#originalX}).
 */
final class SceneOutputs {
    /** scene.glb holds at most this many points (every k-th confident pixel); scene.ply holds them all. */
    static final int GLB_MAX_POINTS = 2_000_000;

    private final Path dir;
    private final List<Path> files;
    private final List<PreparedImage> images;
    private final AlignmentResult scene;
    private final List<String> written = new ArrayList<>();

    SceneOutputs(Path dir, List<Path> files, List<PreparedImage> images, AlignmentResult scene) {
        this.dir = dir;
        this.files = files;
        this.images = images;
        this.scene = scene;
    }

    List<String> written() {
        return written;
    }

    /** K [9] row-major of image i at original resolution. */
    double[] originalK(int i) {
        double[] k = scene.K()[i];
        PreparedImage img = images.get(i);
        return new double[] {k[0] / img.scaleX(), 0, img.originalX(k[2]), 0, k[4] / img.scaleY(), img.originalY(k[5]), 0, 0, 1};
    }

    void cameras() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode cams = root.putArray("cameras");
        for (int i = 0; i < images.size(); i++) {
            PreparedImage img = images.get(i);
            double[] k = originalK(i);
            ObjectNode c = cams.addObject();
            c.put("file", files.get(i).toString());
            c.put("width", img.originalWidth());
            c.put("height", img.originalHeight());
            c.put("network_width", img.width());
            c.put("network_height", img.height());
            c.set("K", matrix(k, 3));
            c.set("cam2w", matrix(scene.cam2w()[i], 4));
            c.put("focal", k[0]);
        }
        json("cameras.json", root);
    }

    /** The dense points above minConf of every image; returns how many. */
    int pointCloud(float minConf) {
        List<PointCloudPly.View> views = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < images.size(); i++) {
            AlignmentResult.DenseView d = scene.dense().get(i);
            float[] pts = d.pts3d();
            int[] keep = confident(d.conf(), pts, minConf);
            views.add(new PointCloudPly.View(pts, images.get(i).rgb(), d.conf(), keep));
            n += keep.length;
        }
        PointCloudPly.write(file("scene.ply"), views);
        return n;
    }

    /** depth/NNN.png and conf/NNN.png per image, colour-mapped over each picture's own finite range. */
    void pictures() {
        for (String sub : List.of("depth", "conf")) {
            try {
                Files.createDirectories(dir.resolve(sub));
            } catch (IOException e) {
                throw new BadInputException(dir.resolve(sub).toString(), "cannot create: " + e.getMessage());
            }
        }
        for (int i = 0; i < images.size(); i++) {
            AlignmentResult.DenseView d = scene.dense().get(i);
            picture("depth/" + number(i) + ".png", d.depth(), d.width(), d.height());
            picture("conf/" + number(i) + ".png", d.conf(), d.width(), d.height());
        }
    }

    /** scene.glb: the confident points (at most {@link #GLB_MAX_POINTS}) and one frustum per camera. */
    void glb(float minConf) {
        int[][] keep = new int[images.size()][];
        float[][] pts = new float[images.size()][];
        long total = 0;
        for (int i = 0; i < keep.length; i++) {
            pts[i] = scene.dense().get(i).pts3d();
            keep[i] = confident(scene.dense().get(i).conf(), pts[i], minConf);
            total += keep[i].length;
        }
        int stride = (int) Math.max(1, (total + GLB_MAX_POINTS - 1) / GLB_MAX_POINTS);
        double depth = 0.1 * medianDepth();
        List<GlbWriter.Part> parts = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            int[] k = keep[i];
            if (stride > 1) {
                int[] every = new int[(k.length + stride - 1) / stride];
                for (int j = 0; j < every.length; j++) every[j] = k[j * stride];
                k = every;
            }
            parts.add(GlbWriter.Part.points("points" + number(i), pts[i], images.get(i).rgb(), k));
        }
        for (int i = 0; i < keep.length; i++) {
            double[] m = scene.cam2w()[i], k = scene.K()[i];
            PreparedImage img = images.get(i);
            double[] r = {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]}, t = {m[3], m[7], m[11]};
            float[] seg = CameraFrustum.segments(r, t, img.width(), img.height(), k[0], depth);
            int rgb = ColorMap.rgb(keep.length == 1 ? 0 : (double) i / (keep.length - 1));
            parts.add(GlbWriter.Part.lines("camera" + number(i), seg, new byte[] {(byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb}));
        }
        GlbWriter.write(file("scene.glb"), parts);
    }

    /** Pixels with confidence above minConf (demo.py's {@code conf > min_conf_thr}) and a finite point. */
    static int[] confident(float[] conf, float[] p, float minConf) {
        int[] keep = new int[conf.length];
        int n = 0;
        for (int q = 0; q < conf.length; q++) {
            if (conf[q] > minConf && Float.isFinite(p[3 * q]) && Float.isFinite(p[3 * q + 1]) && Float.isFinite(p[3 * q + 2])) keep[n++] = q;
        }
        return Arrays.copyOf(keep, n);
    }

    /** The median over images of each image's median positive depth (frustums a tenth of it deep), 1 if none. */
    private double medianDepth() {
        double[] medians = new double[images.size()];
        int m = 0;
        for (AlignmentResult.DenseView d : scene.dense()) {
            float[] z = new float[d.depth().length];
            int n = 0;
            for (float v : d.depth()) if (v > 0 && Float.isFinite(v)) z[n++] = v;
            if (n == 0) continue;
            Arrays.sort(z, 0, n);
            medians[m++] = z[n / 2];
        }
        if (m == 0) return 1;
        Arrays.sort(medians, 0, m);
        return medians[m / 2];
    }

    void json(String name, ObjectNode node) {
        try {
            AtomicFiles.writeString(file(name), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(name + " could not be serialised", e);
        }
    }

    private void picture(String name, float[] values, int w, int h) {
        double[] range = ColorMap.range(values);
        PngFiles.write(file(name), ColorMap.render(values, w, h, range[0], range[1]));
    }

    private Path file(String name) {
        written.add(name);
        return dir.resolve(name);
    }

    /** Image i's number in file names: 000, 001, ... (more digits past 999). */
    static String number(int i) {
        return String.format(java.util.Locale.ROOT, "%03d", i);
    }

    private static ArrayNode matrix(double[] m, int n) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (int r = 0; r < n; r++) {
            ArrayNode row = rows.addArray();
            for (int c = 0; c < n; c++) row.add(m[n * r + c] == 0 ? 0.0 : m[n * r + c]);
        }
        return rows;
    }
}
