package org.mast3r.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.BadInputException;
import org.mast3r.geometry.Rotations;
import org.mast3r.image.PreparedImage;
import org.mast3r.model.ViewOutput;

/**
 * A matched pair as a COLMAP text model: cameras.txt (one PINHOLE camera per image), images.txt (both
 * poses, world to camera, and each image's matched keypoints) and points3D.txt (one point per match
 * track, see {@link ColmapPoints}). The world is camera 1's frame, so image 1 sits at the identity.
 *
 * <p>COLMAP's pixel convention puts the image's top-left corner at (0, 0), so the centre of the
 * top-left pixel is (0.5, 0.5); our matches have pixel centres at integers and gain half a pixel here.
 */
// ref: colmap/colmap 3.7 doc/format.rst ("Text format"), src/base/reconstruction.cc ReadCamerasText/ReadImagesText/ReadPoints3DText
public final class ColmapText {
    /** An image of the model: its name in the model, the network's view of it, its focal in original pixels. */
    public record View(String name, PreparedImage image, double focal) {}

    /** PINHOLE intrinsics in COLMAP pixels of the original image. */
    public record Pinhole(int width, int height, double fx, double fy, double cx, double cy) {
        /**
         * The estimated focal is square in network pixels; the resize may scale x and y by slightly
         * different factors, so fy follows from fx through them. The principal point is the image centre.
         */
        public static Pinhole of(View v) {
            PreparedImage img = v.image();
            return new Pinhole(img.originalWidth(), img.originalHeight(), v.focal(), v.focal() * img.scaleX() / img.scaleY(),
                    img.originalWidth() / 2.0, img.originalHeight() / 2.0);
        }

        /** The COLMAP pixel of camera-frame point x [3], or null when it is not in front of the camera. */
        double[] project(double[] x) {
            if (!(x[2] > 0)) return null;
            return new double[] {fx * x[0] / x[2] + cx, fy * x[1] / x[2] + cy};
        }
    }

    private ColmapText() {}

    /**
     * Names for the two images: their file names, or, when those are equal, their paths below the closest
     * common folder (COLMAP names are paths relative to its image folder). White space is refused: the
     * text format splits on it.
     */
    public static String[] imageNames(Path img1, Path img2) {
        Path a = img1.toAbsolutePath().normalize(), b = img2.toAbsolutePath().normalize();
        String n1 = a.getFileName().toString(), n2 = b.getFileName().toString();
        if (n1.equals(n2)) {
            Path common = a.getParent();
            while (common != null && !b.startsWith(common)) common = common.getParent();
            if (common == null || a.equals(b)) throw new BadInputException(img2.toString(), "has the same name as IMG1; a COLMAP model needs two distinct image names");
            n1 = common.relativize(a).toString();
            n2 = common.relativize(b).toString();
        }
        for (String[] n : new String[][] {{n1, img1.toString()}, {n2, img2.toString()}}) {
            if (n[0].chars().anyMatch(Character::isWhitespace)) {
                throw new BadInputException(n[1], "has white space in its name, which a COLMAP text model cannot hold");
            }
        }
        return new String[] {n1, n2};
    }

    /**
     * Writes the three files into {@code dir}, each atomically (see {@link #model}). Returns how many matches
     * got a 3D point.
     */
    public static int write(Path dir, View v1, View v2, double[] rotation, double[] translation,
                            double[] xy1, double[] xy2, ViewOutput pointmap1) {
        Model m = model(v1, v2, rotation, translation, xy1, xy2, pointmap1);
        AtomicFiles.writeStream(dir.resolve("cameras.txt"), m::writeCameras);
        AtomicFiles.writeStream(dir.resolve("images.txt"), m::writeImages);
        AtomicFiles.writeStream(dir.resolve("points3D.txt"), m::writePoints);
        return m.pointCount();
    }

    /**
     * The model of a pair: camera 2 at {@code rotation} (row-major, camera 2 to camera 1) and centre
     * {@code translation}; matches {@code xy1}, {@code xy2} [M, 2] in original pixels (centres at integers);
     * {@code pointmap1} is view 1's network output.
     */
    public static Model model(View v1, View v2, double[] rotation, double[] translation,
                              double[] xy1, double[] xy2, ViewOutput pointmap1) {
        Pinhole c1 = Pinhole.of(v1), c2 = Pinhole.of(v2);
        ColmapPoints pts = ColmapPoints.of(xy1, xy2, v1.image(), pointmap1, c1, c2, rotation, translation);
        // COLMAP stores world to camera: X2 = R^T X1 - R^T t.
        double[] rt = Rotations.transpose(rotation);
        double[] tw = Rotations.apply(rt, translation);
        for (int k = 0; k < 3; k++) tw[k] = -tw[k];
        String[] poses = {
            pose(1, new double[] {1, 0, 0, 0}, new double[3], v1.name()),
            pose(2, Rotations.toQuaternion(rt), tw, v2.name()),
        };
        return new Model(cameras(c1, c2), poses, xy1, xy2, pts);
    }

    /** A pair's model made, each of its three files written to a stream (flushed and left open). */
    public static final class Model {
        private final String cameras;
        private final String[] poses;
        private final double[] xy1, xy2;
        private final ColmapPoints pts;

        private Model(String cameras, String[] poses, double[] xy1, double[] xy2, ColmapPoints pts) {
            this.cameras = cameras;
            this.poses = poses;
            this.xy1 = xy1;
            this.xy2 = xy2;
            this.pts = pts;
        }

        /** How many matches got a 3D point. */
        public int pointCount() {
            return pts.count();
        }

        /** cameras.txt. */
        public void writeCameras(OutputStream out) throws IOException {
            Writer w = text(out);
            w.write(cameras);
            w.flush();
        }

        /** images.txt: both poses, then each image's matched keypoints with their point ids. */
        public void writeImages(OutputStream out) throws IOException {
            Writer w = text(out);
            w.write("# Image list with two lines of data per image:\n");
            w.write("#   IMAGE_ID, QW, QX, QY, QZ, TX, TY, TZ, CAMERA_ID, NAME\n");
            w.write("#   POINTS2D[] as (X, Y, POINT3D_ID)\n");
            w.write(String.format(Locale.ROOT, "# Number of images: 2, mean observations per image: %d%n", pts.count()));
            for (int img = 0; img < 2; img++) {
                w.write(poses[img]);
                double[] xy = img == 0 ? xy1 : xy2;
                for (int k = 0; k < xy.length / 2; k++) {
                    if (k > 0) w.write(' ');
                    w.write(String.format(Locale.ROOT, "%.3f %.3f %d", xy[2 * k] + 0.5, xy[2 * k + 1] + 0.5, pts.id()[k]));
                }
                w.write('\n');
            }
            w.flush();
        }

        /** points3D.txt: one line per point: id, xyz, rgb, error, track of (image id, index of the keypoint in that image). */
        public void writePoints(OutputStream out) throws IOException {
            Writer w = text(out);
            w.write("# 3D point list with one line of data per point:\n");
            w.write("#   POINT3D_ID, X, Y, Z, R, G, B, ERROR, TRACK[] as (IMAGE_ID, POINT2D_IDX)\n");
            w.write(String.format(Locale.ROOT, "# Number of points: %d, mean track length: 2%n", pts.count()));
            for (int k = 0; k < pts.id().length; k++) {
                int id = pts.id()[k];
                if (id < 0) continue;
                int p = id - 1;
                w.write(String.format(Locale.ROOT, "%d %s %s %s %d %d %d %.6g 1 %d 2 %d%n", id,
                        pts.xyz()[3 * p], pts.xyz()[3 * p + 1], pts.xyz()[3 * p + 2],
                        pts.rgb()[3 * p] & 0xff, pts.rgb()[3 * p + 1] & 0xff, pts.rgb()[3 * p + 2] & 0xff, pts.error()[p], k, k));
            }
            w.flush();
        }

        private static Writer text(OutputStream out) {
            return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        }
    }

    private static String cameras(Pinhole... cams) {
        StringBuilder s = new StringBuilder("# Camera list with one line of data per camera:\n"
                + "#   CAMERA_ID, MODEL, WIDTH, HEIGHT, PARAMS[]\n# Number of cameras: " + cams.length + "\n");
        for (int i = 0; i < cams.length; i++) {
            Pinhole c = cams[i];
            s.append(i + 1).append(" PINHOLE ").append(c.width()).append(' ').append(c.height()).append(' ')
                    .append(c.fx()).append(' ').append(c.fy()).append(' ').append(c.cx()).append(' ').append(c.cy()).append('\n');
        }
        return s.toString();
    }

    /** One image line: id, qvec (w, x, y, z), tvec, camera id (= image id), name. */
    private static String pose(int id, double[] q, double[] t, String name) {
        StringBuilder s = new StringBuilder().append(id);
        for (double v : q) s.append(' ').append(v == 0 ? 0.0 : v);   // no "-0.0" in the file
        for (double v : t) s.append(' ').append(v == 0 ? 0.0 : v);
        return s.append(' ').append(id).append(' ').append(name).append('\n').toString();
    }
}
