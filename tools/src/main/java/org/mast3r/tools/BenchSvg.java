package org.mast3r.tools;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.mast3r.common.AtomicFiles;

/**
 * {@code mast3r bench --report FILE.svg}: the per-stage times of one forward as a horizontal bar chart,
 * one bar per stage in run order, longest bar = slowest stage, so the hot stage shows at a glance.
 * Plain SVG 1.1 written by hand (no charting library); each bar is a {@code <rect class="bar">} carrying
 * {@code data-stage} and {@code data-ms}, so a script (and the test) can read the numbers back.
 */
final class BenchSvg {
    private static final int WIDTH = 860, LABEL_W = 170, BAR_MAX = 540, ROW = 26, BAR_H = 18, TOP = 64;

    private BenchSvg() {}

    static void write(Path file, String title, Map<String, StageTimer.Stage> stages) {
        AtomicFiles.writeString(file, render(title, stages));
    }

    static String render(String title, Map<String, StageTimer.Stage> stages) {
        double max = stages.values().stream().mapToDouble(StageTimer.Stage::ms).max().orElse(0);
        double scale = max > 0 ? BAR_MAX / max : 0;
        int height = TOP + stages.size() * ROW + 40;
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">%n", WIDTH, height, WIDTH, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        s.append(String.format(Locale.ROOT, "<text id=\"title\" x=\"16\" y=\"28\" font-size=\"16\" font-weight=\"bold\">%s</text>%n", escape(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"48\" fill=\"#555\">milliseconds per stage, last timed run</text>%n"));
        gridLines(s, max, scale, TOP, TOP + stages.size() * ROW);
        int y = TOP;
        for (Map.Entry<String, StageTimer.Stage> e : stages.entrySet()) {
            double ms = e.getValue().ms();
            double w = Math.max(1, ms * scale);
            String name = escape(e.getKey());
            s.append(String.format(Locale.ROOT, "<g><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LABEL_W - 8, y + 14, name));
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-stage=\"%s\" data-ms=\"%.3f\" x=\"%d\" y=\"%d\" width=\"%.1f\""
                    + " height=\"%d\" fill=\"#4a7fb5\"/>", name, ms, LABEL_W, y, w, BAR_H));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.1f ms</text></g>%n", LABEL_W + w + 6, y + 14, ms));
            y += ROW;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Vertical lines at round millisecond steps, so bar lengths can be read without hovering. */
    private static void gridLines(StringBuilder s, double max, double scale, int y0, int y1) {
        if (max <= 0) return;
        double step = niceStep(max / 5);
        for (double v = 0; v <= max + 1e-9; v += step) {
            double x = LABEL_W + v * scale;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, y0 - 4, x, y1));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#777\" font-size=\"11\">%s</text>%n",
                    x, y1 + 16, trim(v)));
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
