package org.mast3r.scene.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.image.PreparedImage;

/**
 * The files of {@code --intrinsics} and {@code --poses}: what the user knows about some cameras, in the original
 * images' pixels (EXIF orientation applied, pixel centres at integer coordinates, OpenCV axes). Both are
 * {@code {"images": [ENTRY, ...]}}, each entry naming its image by {@code "file"} (the path as given on the
 * command line, or its file name when that is unique among the inputs) or by {@code "index"} (0-based, input
 * order); an image may appear once, and images left out are unknown.
 * <ul>
 *   <li>intrinsics entry: {@code "focal"} (pixels, > 0), optional {@code "cx"}, {@code "cy"} (default: where the
 *       alignment puts the principal point, the network image's centre W/2, H/2);</li>
 *   <li>poses entry: {@code "cam2w"}, the 4x4 camera-to-world matrix as 4 rows (a rotation, a translation,
 *       last row 0 0 0 1), OpenCV camera axes (x right, y down, z forward).</li>
 * </ul>
 * Intrinsics go to network resolution through the pre-processing's resize and crop: focal times the resize
 * factor along x, principal point through {@link PreparedImage#networkX}/{@link PreparedImage#networkY}.
 */
public final class PriorFiles {
    private static final double ROTATION_TOL = 1e-3;

    private PriorFiles() {}

    /** image -> {focal, cx, cy} at network resolution. */
    public static Map<Integer, double[]> intrinsics(Path file, List<Path> images, List<PreparedImage> prepared) {
        Map<Integer, double[]> out = new TreeMap<>();
        for (Entry e : entries(file, images, Set.of("focal", "cx", "cy"))) {
            PreparedImage img = prepared.get(e.image);
            double focal = number(e, "focal", file);
            if (!(focal > 0)) throw bad(file, e, "focal must be a positive number of pixels, got " + focal);
            double cx = e.node.has("cx") ? img.networkX(number(e, "cx", file)) : img.width() / 2.0;
            double cy = e.node.has("cy") ? img.networkY(number(e, "cy", file)) : img.height() / 2.0;
            out.put(e.image, new double[] {focal * img.scaleX(), cx, cy});
        }
        return out;
    }

    /** image -> cam2w [16] row-major. */
    public static Map<Integer, double[]> poses(Path file, List<Path> images) {
        Map<Integer, double[]> out = new TreeMap<>();
        for (Entry e : entries(file, images, Set.of("cam2w"))) {
            JsonNode m = e.node.get("cam2w");
            if (m == null || !m.isArray() || m.size() != 4) throw bad(file, e, "cam2w must be a 4x4 matrix (4 rows of 4 numbers)");
            double[] t = new double[16];
            for (int r = 0; r < 4; r++) {
                JsonNode row = m.get(r);
                if (!row.isArray() || row.size() != 4) throw bad(file, e, "cam2w must be a 4x4 matrix (4 rows of 4 numbers)");
                for (int c = 0; c < 4; c++) {
                    JsonNode v = row.get(c);
                    if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw bad(file, e, "cam2w row " + r + " holds a non-number");
                    t[4 * r + c] = v.asDouble();
                }
            }
            if (Math.abs(t[12]) > 1e-6 || Math.abs(t[13]) > 1e-6 || Math.abs(t[14]) > 1e-6 || Math.abs(t[15] - 1) > 1e-6) {
                throw bad(file, e, "cam2w's last row must be 0 0 0 1");
            }
            checkRotation(file, e, t);
            out.put(e.image, t);
        }
        return out;
    }

    /** R^T R = I within {@link #ROTATION_TOL} and det R > 0. */
    private static void checkRotation(Path file, Entry e, double[] t) {
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int k = 0; k < 3; k++) dot += t[4 * k + i] * t[4 * k + j];
                worst = Math.max(worst, Math.abs(dot - (i == j ? 1 : 0)));
            }
        }
        double det = t[0] * (t[5] * t[10] - t[6] * t[9]) - t[1] * (t[4] * t[10] - t[6] * t[8]) + t[2] * (t[4] * t[9] - t[5] * t[8]);
        if (worst > ROTATION_TOL || det <= 0) {
            throw bad(file, e, "cam2w's 3x3 part is not a rotation (orthonormal, det +1)");
        }
    }

    private record Entry(int position, int image, JsonNode node) {}

    /** The entries of {@code file}, each resolved to an image index, with only {@code keys} besides file/index. */
    private static List<Entry> entries(Path file, List<Path> images, Set<String> keys) {
        JsonNode root = Json.read(file);
        JsonNode list = root.get("images");
        if (!root.isObject() || list == null || !list.isArray()) {
            throw new BadInputException(file.toString(), "expected {\"images\": [...]}, one object per known image");
        }
        java.util.ArrayList<Entry> out = new java.util.ArrayList<>();
        Map<Integer, Integer> seen = new TreeMap<>();
        for (int k = 0; k < list.size(); k++) {
            JsonNode n = list.get(k);
            if (!n.isObject()) throw new BadInputException(file.toString(), "images[" + k + "]: expected an object");
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("file") && !key.equals("index") && !keys.contains(key)) {
                    throw new BadInputException(file.toString(), "images[" + k + "]: unknown key \"" + key + "\" (expected file or index, " + String.join(", ", keys.stream().sorted().toList()) + ")");
                }
            }
            int image = image(file, k, n, images);
            Integer before = seen.put(image, k);
            if (before != null) throw new BadInputException(file.toString(), "images[" + k + "]: image " + image + " is already given by images[" + before + "]");
            out.add(new Entry(k, image, n));
        }
        return out;
    }

    private static int image(Path file, int k, JsonNode n, List<Path> images) {
        String where = "images[" + k + "]: ";
        if (n.has("file") == n.has("index")) throw new BadInputException(file.toString(), where + "give exactly one of \"file\" and \"index\"");
        if (n.has("index")) {
            JsonNode i = n.get("index");
            if (!i.canConvertToInt() || !i.isIntegralNumber() || i.asInt() < 0 || i.asInt() >= images.size()) {
                throw new BadInputException(file.toString(), where + "index must be an integer from 0 to " + (images.size() - 1));
            }
            return i.asInt();
        }
        if (!n.get("file").isTextual()) throw new BadInputException(file.toString(), where + "file must be a string");
        String name = n.get("file").asText();
        for (int i = 0; i < images.size(); i++) if (images.get(i).toString().equals(name)) return i;
        int found = -1;
        for (int i = 0; i < images.size(); i++) {
            Path f = images.get(i).getFileName();
            if (f != null && f.toString().equals(name)) {
                if (found >= 0) throw new BadInputException(file.toString(), where + "several input images are named " + name + "; give its path or index");
                found = i;
            }
        }
        if (found < 0) throw new BadInputException(file.toString(), where + "no input image is " + name);
        return found;
    }

    private static double number(Entry e, String key, Path file) {
        JsonNode v = e.node.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) throw bad(file, e, key + " must be a number");
        return v.asDouble();
    }

    private static BadInputException bad(Path file, Entry e, String problem) {
        return new BadInputException(file.toString(), "images[" + e.position + "]: " + problem);
    }
}
