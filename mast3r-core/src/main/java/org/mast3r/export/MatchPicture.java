package org.mast3r.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;

/**
 * Both images side by side with a sample of match lines, coloured by confidence on {@link ColorMap}
 * (least confident dark, most confident yellow). Coordinates are in the pictures' own pixels.
 */
public final class MatchPicture {
    private MatchPicture() {}

    /** At most {@code maxLines} lines, spread evenly over the match list. */
    public static BufferedImage render(BufferedImage a, BufferedImage b, double[] xy1, double[] xy2, float[] conf, int maxLines) {
        int w = a.getWidth() + b.getWidth(), h = Math.max(a.getHeight(), b.getHeight());
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(1.2f));
        double[] range = ColorMap.range(conf);
        double span = range[1] > range[0] ? range[1] - range[0] : 1;
        int n = conf.length, lines = Math.min(n, maxLines);
        for (int i = 0; i < lines; i++) {
            int k = (int) ((long) i * n / lines);
            g.setColor(new Color(ColorMap.rgb((conf[k] - range[0]) / span)));
            g.draw(new Line2D.Double(xy1[2 * k], xy1[2 * k + 1], a.getWidth() + xy2[2 * k], xy2[2 * k + 1]));
        }
        g.dispose();
        return out;
    }
}
