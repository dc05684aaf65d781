package org.mast3r.scene.run;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.BadInputException;
import org.mast3r.geometry.Rotations;

/**
 * A scene as a COLMAP text model: cameras.txt (one PINHOLE camera per image, original resolution), images.txt
 * (every image registered: world-to-camera pose and the keypoints the tracks observe in it) and points3D.txt
 * (one point per multi-view track).
 *
 * <p>COLMAP puts the top-left corner of the image at (0, 0), so the centre of the top-left pixel is (0.5, 0.5);
 * our pixels have their centres at integers and gain half a pixel here (keypoints and principal points).
 */
// ref: colmap/colmap 3.7 doc/format.rst ("Text format"), src/base/reconstruction.cc ReadCamerasText/ReadImagesText/ReadPoints3DText
public final class ColmapModel {
    /** One image: its name in the model, original size, intrinsics in original pixels (centres at integers), cam2w [16] row-major. */
    public record Camera(String name, int width, int height, double fx, double fy, double cx, double cy, double[] cam2w) {}

    /**
     * One 3D point seen in several images: world position, colour, mean reprojection error in pixels (-1:
     * unknown), and its observations: {@code images} [T] with their pixels {@code xy} [T, 2] in original pixels
     * (centres at integers).
     */
    public record Track(double[] xyz, byte[] rgb, double error, int[] images, double[] xy) {}

    private ColmapModel() {}

    /**
     * COLMAP image names: the file names when they are distinct, else the paths below the closest folder all
     * images share. White space is refused (the text format splits on it).
     */
    public static List<String> imageNames(List<Path> images) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean distinct = true;
        for (Path p : images) distinct &= seen.add(String.valueOf(p.getFileName()));
        Path common = null;
        if (!distinct) {
            common = images.getFirst().toAbsolutePath().normalize().getParent();
            for (Path p : images) {
                while (common != null && !p.toAbsolutePath().normalize().startsWith(common)) common = common.getParent();
            }
        }
        for (Path p : images) {
            String n = distinct || common == null ? String.valueOf(p.getFileName()) : common.relativize(p.toAbsolutePath().normalize()).toString();
            if (n.chars().anyMatch(Character::isWhitespace)) {
                throw new BadInputException(p.toString(), "has white space in its name, which a COLMAP text model cannot hold");
            }
            names.add(n);
        }
        return names;
    }

    /** Writes cameras.txt, images.txt and points3D.txt into {@code dir} (which exists), each atomically. */
    public static void write(Path dir, List<Camera> cameras, List<Track> tracks) {
        int n = cameras.size();
        // Each image's keypoints: the track observations in it, numbered in track order.
        List<List<double[]>> keypoints = new ArrayList<>();       // per image: {x, y, point id}
        for (int i = 0; i < n; i++) keypoints.add(new ArrayList<>());
        int[][] index = new int[tracks.size()][];
        for (int t = 0; t < tracks.size(); t++) {
            Track tr = tracks.get(t);
            index[t] = new int[tr.images().length];
            for (int o = 0; o < tr.images().length; o++) {
                List<double[]> kp = keypoints.get(tr.images()[o]);
                index[t][o] = kp.size();
                kp.add(new double[] {tr.xy()[2 * o] + 0.5, tr.xy()[2 * o + 1] + 0.5, t + 1});
            }
        }
        StringBuilder cams = new StringBuilder("# Camera list with one line of data per camera:\n"
                + "#   CAMERA_ID, MODEL, WIDTH, HEIGHT, PARAMS[]\n# Number of cameras: " + n + "\n");
        for (int i = 0; i < n; i++) {
            Camera c = cameras.get(i);
            cams.append(i + 1).append(" PINHOLE ").append(c.width()).append(' ').append(c.height()).append(' ')
                    .append(c.fx()).append(' ').append(c.fy()).append(' ').append(c.cx() + 0.5).append(' ').append(c.cy() + 0.5).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("cameras.txt"), cams.toString());
        long observations = keypoints.stream().mapToLong(List::size).sum();
        AtomicFiles.replace(dir.resolve("images.txt"), tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("# Image list with two lines of data per image:\n");
                w.write("#   IMAGE_ID, QW, QX, QY, QZ, TX, TY, TZ, CAMERA_ID, NAME\n");
                w.write("#   POINTS2D[] as (X, Y, POINT3D_ID)\n");
                w.write(String.format(Locale.ROOT, "# Number of images: %d, mean observations per image: %s%n", n, (double) observations / n));
                for (int i = 0; i < n; i++) {
                    w.write(pose(i + 1, cameras.get(i)));
                    List<double[]> kp = keypoints.get(i);
                    for (int k = 0; k < kp.size(); k++) {
                        if (k > 0) w.write(' ');
                        w.write(String.format(Locale.ROOT, "%.3f %.3f %d", kp.get(k)[0], kp.get(k)[1], (long) kp.get(k)[2]));
                    }
                    w.write('\n');
                }
            }
        });
        AtomicFiles.replace(dir.resolve("points3D.txt"), tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("# 3D point list with one line of data per point:\n");
                w.write("#   POINT3D_ID, X, Y, Z, R, G, B, ERROR, TRACK[] as (IMAGE_ID, POINT2D_IDX)\n");
                double meanTrack = tracks.isEmpty() ? 0 : (double) observations / tracks.size();
                w.write(String.format(Locale.ROOT, "# Number of points: %d, mean track length: %s%n", tracks.size(), meanTrack));
                for (int t = 0; t < tracks.size(); t++) {
                    Track tr = tracks.get(t);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d %s %s %s %d %d %d %.6g", t + 1,
                            tr.xyz()[0], tr.xyz()[1], tr.xyz()[2], tr.rgb()[0] & 0xff, tr.rgb()[1] & 0xff, tr.rgb()[2] & 0xff, tr.error()));
                    for (int o = 0; o < tr.images().length; o++) line.append(' ').append(tr.images()[o] + 1).append(' ').append(index[t][o]);
                    w.write(line.append('\n').toString());
                }
            }
        });
    }

    /** One image line: id, world-to-camera qvec (w, x, y, z) and tvec, camera id (= image id), name. */
    private static String pose(int id, Camera c) {
        double[] m = c.cam2w();
        double[] r = {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]};
        double[] rt = Rotations.transpose(r);
        double[] t = Rotations.apply(rt, new double[] {m[3], m[7], m[11]});
        StringBuilder s = new StringBuilder().append(id);
        for (double v : Rotations.toQuaternion(rt)) s.append(' ').append(v == 0 ? 0.0 : v);   // no "-0.0" in the file
        for (double v : t) s.append(' ').append(v == 0 ? 0.0 : -v);
        return s.append(' ').append(id).append(' ').append(c.name()).append('\n').toString();
    }
}
