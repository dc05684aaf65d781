package org.mast3r.export;

import org.mast3r.geometry.Rotations;
import org.mast3r.image.PreparedImage;
import org.mast3r.model.ViewOutput;

/**
 * The 3D points of a COLMAP model of one matched pair: for match k, view 1's pointmap at the network pixel
 * nearest to the match's pixel in image 1, in camera 1's frame (the model's world), coloured from that
 * network pixel, with the mean reprojection error over both images in original pixels. {@code id} [M]
 * is point k's 1-based id, or -1 when match k has no point: its pixel lies outside the network window
 * (only fine-pass matches can) or the network's point is not finite. {@code xyz} [P, 3], {@code rgb}
 * [P, 3] and {@code error} [P] are indexed by id - 1; an error of -1 (COLMAP's "unknown") marks a point
 * behind either camera.
 */
record ColmapPoints(int[] id, float[] xyz, byte[] rgb, double[] error) {
    int count() {
        return error.length;
    }

    static ColmapPoints of(double[] xy1, double[] xy2, PreparedImage a, ViewOutput v1,
                           ColmapText.Pinhole c1, ColmapText.Pinhole c2, double[] r, double[] t) {
        int m = xy1.length / 2, n = 0;
        int[] id = new int[m], pixel = new int[m];
        for (int k = 0; k < m; k++) {
            pixel[k] = networkPixel(a, xy1[2 * k], xy1[2 * k + 1], v1);
            id[k] = pixel[k] >= 0 ? ++n : -1;
        }
        float[] xyz = new float[3 * n];
        byte[] rgb = new byte[3 * n];
        double[] error = new double[n], rt = Rotations.transpose(r);
        for (int k = 0; k < m; k++) {
            if (id[k] < 0) continue;
            int p = id[k] - 1, q = pixel[k];
            System.arraycopy(v1.pts3d(), 3 * q, xyz, 3 * p, 3);
            System.arraycopy(a.rgb(), 3 * q, rgb, 3 * p, 3);
            error[p] = meanError(new double[] {xyz[3 * p], xyz[3 * p + 1], xyz[3 * p + 2]}, xy1, xy2, k, c1, c2, rt, t);
        }
        return new ColmapPoints(id, xyz, rgb, error);
    }

    /** Row-major index of the nearest network pixel of original (x, y), or -1 outside the window or not finite. */
    private static int networkPixel(PreparedImage a, double x, double y, ViewOutput v) {
        long u = Math.round(a.networkX(x)), w = Math.round(a.networkY(y));
        if (u < 0 || u >= v.width() || w < 0 || w >= v.height()) return -1;
        int q = (int) (w * v.width() + u);
        float[] p = v.pts3d();
        return Float.isFinite(p[3 * q]) && Float.isFinite(p[3 * q + 1]) && Float.isFinite(p[3 * q + 2]) ? q : -1;
    }

    /** Mean pixel distance between the point's projections and match k's keypoints; X2 = R^T (X1 - t). */
    private static double meanError(double[] x1, double[] xy1, double[] xy2, int k,
                                    ColmapText.Pinhole c1, ColmapText.Pinhole c2, double[] rt, double[] t) {
        double[] x2 = Rotations.apply(rt, new double[] {x1[0] - t[0], x1[1] - t[1], x1[2] - t[2]});
        double[] p1 = c1.project(x1), p2 = c2.project(x2);
        if (p1 == null || p2 == null) return -1;
        double e1 = Math.hypot(p1[0] - (xy1[2 * k] + 0.5), p1[1] - (xy1[2 * k + 1] + 0.5));
        double e2 = Math.hypot(p2[0] - (xy2[2 * k] + 0.5), p2[1] - (xy2[2 * k + 1] + 0.5));
        double e = (e1 + e2) / 2;
        return Double.isFinite(e) ? e : -1;
    }
}
