package org.mast3r.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.mast3r.common.AtomicFiles;

/**
 * A coloured point cloud as binary little-endian PLY: per vertex x, y, z (float), red, green, blue
 * (uchar) and confidence (float), 19 bytes.
 */
public final class PointCloudPly {
    private PointCloudPly() {}

    /** The pixels {@code keep} of one pointmap {@code xyz} [H*W, 3] with colours {@code rgb} [H*W, 3] and confidences [H*W]. */
    public record View(float[] xyz, byte[] rgb, float[] conf, int[] keep) {}

    /**
     * Writes the pixels {@code keep} of a pointmap {@code xyz} [H*W, 3] with colours {@code rgb}
     * [H*W, 3] and confidences {@code conf} [H*W], atomically.
     */
    public static void write(Path file, float[] xyz, byte[] rgb, float[] conf, int[] keep) {
        write(file, List.of(new View(xyz, rgb, conf, keep)));
    }

    /** Writes the kept pixels of several pointmaps as one cloud, view after view, atomically. */
    public static void write(Path file, List<View> views) {
        AtomicFiles.writeStream(file, out -> write(out, views));
    }

    /** As {@link #write(Path, List)} to {@code out}, which is flushed and left open. */
    public static void write(OutputStream out, List<View> views) throws IOException {
        int vertices = 0;
        for (View view : views) vertices += view.keep().length;
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        buffered.write(header(vertices).getBytes(StandardCharsets.US_ASCII));
        ByteBuffer v = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        for (View view : views) {
            float[] xyz = view.xyz(), conf = view.conf();
            byte[] rgb = view.rgb();
            for (int p : view.keep()) {
                v.clear();
                v.putFloat(xyz[3 * p]).putFloat(xyz[3 * p + 1]).putFloat(xyz[3 * p + 2]);
                v.put(rgb[3 * p]).put(rgb[3 * p + 1]).put(rgb[3 * p + 2]);
                v.putFloat(conf[p]);
                buffered.write(v.array(), 0, 19);
            }
        }
        buffered.flush();
    }

    static String header(int vertices) {
        return "ply\nformat binary_little_endian 1.0\ncomment written by mast3r-java\n"
                + "element vertex " + vertices + "\n"
                + "property float x\nproperty float y\nproperty float z\n"
                + "property uchar red\nproperty uchar green\nproperty uchar blue\n"
                + "property float confidence\nend_header\n";
    }

    /**
     * Pixels with confidence >= minConf; when none is, the single most confident pixel, so a view never
     * comes out empty (the caller says so).
     */
    public static int[] confident(float[] conf, float minConf) {
        int n = 0, best = 0;
        for (int p = 0; p < conf.length; p++) {
            if (conf[p] >= minConf) n++;
            if (conf[p] > conf[best]) best = p;
        }
        if (n == 0) return new int[] {best};
        int[] keep = new int[n];
        for (int p = 0, i = 0; p < conf.length; p++) if (conf[p] >= minConf) keep[i++] = p;
        return keep;
    }
}
