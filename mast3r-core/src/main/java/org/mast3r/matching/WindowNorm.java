package org.mast3r.matching;

/**
 * {@code _norm_windows}: resizes windows about their centre to a forced (H, W) resolution, or without one
 * to a 3.01:4 aspect, floors them to integers and slides them back inside the image. Cells
 * {@code [x0, y0, x1, y1]} in, int[n*4] out, same order.
 * // ref: mast3r/utils/coarse_to_fine.py _norm_windows
 */
public final class WindowNorm {
    private WindowNorm() {}

    /** {@code forced} = {H, W} or null. */
    public static int[] normalize(double[] cells, int h2, int w2, int[] forced) {
        int n = cells.length / 4;
        int[] out = new int[n * 4];
        for (int i = 0; i < n; i++) {
            double x0 = cells[4 * i], y0 = cells[4 * i + 1], x1 = cells[4 * i + 2], y1 = cells[4 * i + 3];
            double width = x1 - x0, height = y1 - y0;
            if (width < 0 || height < 0) throw new IllegalArgumentException("cell " + i + " has a negative size");
            double width2 = Math.min(width, w2), height2 = Math.min(height, h2);
            if (forced == null) {
                if (width < height) width2 = Math.min(height2 * 3.01 / 4, w2);
                else height2 = Math.min(width2 * 3.01 / 4, h2);
            } else {
                width2 = forced[1];
                height2 = forced[0];
            }
            double half = (width2 - width) / 2;
            long ox0 = (long) Math.floor(x0 - half), ox1 = (long) Math.floor(x1 + half);
            half = (height2 - height) / 2;
            long oy0 = (long) Math.floor(y0 - half), oy1 = (long) Math.floor(y1 + half);
            // flooring errors: move the start so the size is exactly int(width2), int(height2)
            long wantW = (long) width2, wantH = (long) height2;
            ox0 += (ox1 - ox0) - wantW;
            oy0 += (oy1 - oy0) - wantH;
            // slide inside [0, W2) x [0, H2): left/top first, then right/bottom
            long s = Math.min(ox0, 0);
            ox0 -= s; ox1 -= s;
            s = Math.min(oy0, 0);
            oy0 -= s; oy1 -= s;
            s = Math.max(ox1, w2) - w2;
            ox0 -= s; ox1 -= s;
            s = Math.max(oy1, h2) - h2;
            oy0 -= s; oy1 -= s;
            if (ox1 - ox0 != wantW || oy1 - oy0 != wantH || wantW > w2 || wantH > h2) {
                throw new IllegalArgumentException("window " + i + " cannot be normalised to " + wantW + "x" + wantH + " inside " + w2 + "x" + h2);
            }
            out[4 * i] = Math.toIntExact(ox0);
            out[4 * i + 1] = Math.toIntExact(oy0);
            out[4 * i + 2] = Math.toIntExact(ox1);
            out[4 * i + 3] = Math.toIntExact(oy1);
        }
        return out;
    }

    static double[] toDoubles(int[] cells) {
        double[] d = new double[cells.length];
        for (int i = 0; i < d.length; i++) d[i] = cells[i];
        return d;
    }
}
