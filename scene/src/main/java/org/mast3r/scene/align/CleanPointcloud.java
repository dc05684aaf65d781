package org.mast3r.scene.align;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * dust3r's clean_pointcloud: a point of image i that another camera j sees in front of j's own depth at that
 * pixel, and that is less confident than j's pixel there, is an occluder floating in mid-air; its confidence
 * drops to {@code badConf}.
 *
 * <p>For each ordered (i, j), i outer, j inner: image i's points go into camera j, u and v are rounded half to
 * even (torch's round), and pixel p of i is bad where depth_j' &gt; 0, (u, v) is inside image j,
 * depth_j' &lt; (1 - tol) · depth_j[v, u] (float32) and conf_i[p] &lt; conf_j[v, u]. The confidences change in place
 * as the loop goes, so a later pair compares against the already lowered values of the earlier images.
 * Within one image i every pixel runs through j = 0..N-1 on its own, which is why the pixels of i can be
 * shared among threads without changing the answer.
 *
 * <p>Cost: N (N - 1) H W projections, about 5·10^8 for 50 images at 512x384 (seconds on two cores).
 */
// ref: dust3r/cloud_opt/base_opt.py clean_pointcloud (naver/dust3r 4c24a6e), as
//      mast3r/cloud_opt/sparse_ga.py SparseGA.get_dense_pts3d calls it (naver/mast3r f5209af)
public final class CleanPointcloud {
    private CleanPointcloud() {}

    /** The reference's defaults. */
    public static final double TOL = 0.001;
    public static final float BAD_CONF = 0f;

    /**
     * New confidences (the views' are left as they are).
     *
     * @param depth  per image [H*W] camera z, as {@link DenseDepth#depth} gives it
     * @param points per image [H*W*3] world points, as {@link DenseDepth#points} gives them
     */
    public static List<float[]> apply(List<DenseDepth.View> views, List<float[]> depth, List<float[]> points,
                                      double tol, float badConf) {
        int n = views.size();
        if (depth.size() != n || points.size() != n) throw new IllegalArgumentException("one depth map and one point map per view");
        if (!(tol >= 0 && tol < 1)) throw new IllegalArgumentException("tol must be in [0, 1), got " + tol);
        List<float[]> conf = new ArrayList<>(n);
        double[][] w2c = new double[n][];
        for (int j = 0; j < n; j++) {
            DenseDepth.View v = views.get(j);
            int size = v.width() * v.height();
            if (v.conf().length != size || depth.get(j).length != size || points.get(j).length != 3 * size) {
                throw new IllegalArgumentException("view " + j + ": conf, depth and points must cover its "
                        + v.width() + "x" + v.height() + " pixels");
            }
            DenseDepth.checkPinhole(v.k());
            DenseDepth.checkRigidRow(v.cam2w());
            conf.add(v.conf().clone());
            w2c[j] = worldToCamera(v.cam2w());
        }
        // ref: (1 - tol) * depthmaps[j]: a Python float times a float32 tensor, multiplied in float32
        float keep = (float) (1 - tol);
        for (int i = 0; i < n; i++) {
            int fi = i;
            int w = views.get(i).width();
            IntStream.range(0, views.get(i).height()).parallel().forEach(
                    y -> row(fi, y * w, (y + 1) * w, views, depth, points.get(fi), conf, w2c, keep, badConf));
        }
        return conf;
    }

    /** Pixels [from, to) of image i against every other image, in order j = 0..N-1. */
    private static void row(int i, int from, int to, List<DenseDepth.View> views, List<float[]> depth,
                            float[] pts, List<float[]> conf, double[][] w2c, float keep, float badConf) {
        float[] confI = conf.get(i);
        for (int j = 0; j < views.size(); j++) {
            if (j == i) continue;
            DenseDepth.View vj = views.get(j);
            float[] depthJ = depth.get(j), confJ = conf.get(j);
            double fx = vj.k()[0], cx = vj.k()[2], fy = vj.k()[4], cy = vj.k()[5];
            double[] m = w2c[j];
            double m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5];
            double m6 = m[6], m7 = m[7], m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11];
            int wj = vj.width(), hj = vj.height();
            for (int p = from; p < to; p++) {
                // a lowered confidence stays lowered: min(c, badConf) again changes nothing
                if (confI[p] <= badConf) continue;
                double px = pts[3 * p], py = pts[3 * p + 1], pz = pts[3 * p + 2];
                // ref: proj = geotrf(cams[j], pts3d), a float32 tensor
                float z = (float) (m8 * px + m9 * py + m10 * pz + m11);
                if (!(z > 0)) continue;
                float x = (float) (m0 * px + m1 * py + m2 * pz + m3);
                float y = (float) (m4 * px + m5 * py + m6 * pz + m7);
                // ref: geotrf(K[j], proj, norm=1, ncol=2).round().long(); K's last row is (0, 0, 1)
                double u = Math.rint((fx * x + cx * z) / z);
                double v = Math.rint((fy * y + cy * z) / z);
                if (!(u >= 0 && u < wj && v >= 0 && v < hj)) continue;
                int q = (int) v * wj + (int) u;
                if (z < keep * depthJ[q] && confI[p] < confJ[q]) confI[p] = badConf;
            }
        }
    }

    /** [12] the top rows of cam2w^-1 in double: (R^-1, -R^-1 t) for cam2w = (R, t; 0, 1). */
    private static double[] worldToCamera(float[] c) {
        double a = c[0], b = c[1], d = c[2], e = c[4], f = c[5], g = c[6], h = c[8], i = c[9], l = c[10];
        double c00 = f * l - g * i, c01 = d * i - b * l, c02 = b * g - d * f;
        double c10 = g * h - e * l, c11 = a * l - d * h, c12 = d * e - a * g;
        double c20 = e * i - f * h, c21 = b * h - a * i, c22 = a * f - b * e;
        double det = a * c00 + b * c10 + d * c20;
        if (det == 0 || !Double.isFinite(det)) throw new IllegalArgumentException("cam2w is not invertible");
        double[] r = {c00 / det, c01 / det, c02 / det, c10 / det, c11 / det, c12 / det, c20 / det, c21 / det, c22 / det};
        double tx = c[3], ty = c[7], tz = c[11];
        return new double[] {
            r[0], r[1], r[2], -(r[0] * tx + r[1] * ty + r[2] * tz),
            r[3], r[4], r[5], -(r[3] * tx + r[4] * ty + r[5] * tz),
            r[6], r[7], r[8], -(r[6] * tx + r[7] * ty + r[8] * tz)};
    }
}
