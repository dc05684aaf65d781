package org.mast3r.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.mast3r.common.AtomicFiles;
import org.mast3r.image.RgbImage;

/** PNG pictures written atomically, and RGB bytes as a picture. */
public final class PngFiles {
    private PngFiles() {}

    public static void write(Path file, BufferedImage img) {
        AtomicFiles.writeStream(file, out -> write(out, img));
    }

    /** {@code img} as a PNG to {@code out}, which is flushed and left open. */
    public static void write(OutputStream out, BufferedImage img) throws IOException {
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer");
        out.flush();
    }

    /** [H, W, 3] RGB bytes as an 8-bit RGB picture. */
    public static BufferedImage picture(RgbImage rgb) {
        BufferedImage bi = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_INT_RGB);
        byte[] p = rgb.rgb();
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                int i = 3 * (y * rgb.width() + x);
                bi.setRGB(x, y, ((p[i] & 0xff) << 16) | ((p[i + 1] & 0xff) << 8) | (p[i + 2] & 0xff));
            }
        }
        return bi;
    }
}
