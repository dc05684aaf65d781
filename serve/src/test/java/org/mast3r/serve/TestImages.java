package org.mast3r.serve;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Rendered PNGs for the uploads of the serve tests. */
final class TestImages {
    private TestImages() {}

    /** A w x h PNG of coloured boxes on a sky gradient, shifted right by {@code shift} pixels: two shifts make a matchable pair. */
    static byte[] png(int w, int h, int shift) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(90, 140, 200), 0, h, new Color(230, 220, 200)));
        g.fillRect(0, 0, w, h);
        for (int k = 0; k < 12; k++) {
            g.setColor(Color.getHSBColor(k / 12f, 0.8f, 0.9f));
            g.fillRect(shift + (k % 4) * w / 5 + w / 10, (k / 4) * h / 4 + h / 8, w / 8, h / 7);
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
