package org.mast3r.geometry;

/**
 * A pinhole camera without distortion, OpenCV's K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]]: pixel
 * (x, y) = (fx X/Z + cx, fy Y/Z + cy). Pixel (x, y) is the integer index, so dust3r's principal point
 * is (W/2, H/2) (ref: dust3r/post_process.py estimate_focal_knowing_depth, xy_grid - pp).
 */
public record Intrinsics(double fx, double fy, double cx, double cy) {
    public Intrinsics {
        if (!(fx > 0) || !(fy > 0) || !Double.isFinite(fx) || !Double.isFinite(fy) || !Double.isFinite(cx) || !Double.isFinite(cy))
            throw new IllegalArgumentException("intrinsics need finite positive focal lengths, got fx=" + fx + " fy=" + fy + " cx=" + cx + " cy=" + cy);
    }

    /** Square pixels, principal point at the image centre (W/2, H/2), as dust3r assumes. */
    public static Intrinsics centred(double focal, int width, int height) {
        return new Intrinsics(focal, focal, width / 2.0, height / 2.0);
    }

    /** Unit rays [N,3] through pixels [N,2]. */
    public double[] rays(double[] xy) {
        int n = xy.length / 2;
        double[] out = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double x = (xy[2 * i] - cx) / fx, y = (xy[2 * i + 1] - cy) / fy;
            double inv = 1 / Math.sqrt(x * x + y * y + 1);
            out[3 * i] = x * inv;
            out[3 * i + 1] = y * inv;
            out[3 * i + 2] = inv;
        }
        return out;
    }
}
