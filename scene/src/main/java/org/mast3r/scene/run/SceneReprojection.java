package org.mast3r.scene.run;

import java.util.List;
import org.mast3r.scene.align.AlignmentResult;
import org.mast3r.scene.align.PairCorrespondences;

/**
 * How well the scene explains the matches, at network resolution: for every match (xyA in image a, xyB in image
 * b) of every pair, the dense world point of pixel xyA of image a projected into camera b (K_b, cam2w_b), and its
 * pixel distance to xyB. {@code mean} is over the matches whose point is finite and in front of camera b;
 * {@code skipped} counts the others.
 */
record SceneReprojection(double mean, long matches, long skipped) {
    static SceneReprojection of(AlignmentResult scene, List<PairCorrespondences> pairs) {
        double sum = 0;
        long n = 0, skipped = 0;
        for (PairCorrespondences c : pairs) {
            AlignmentResult.DenseView a = scene.dense().get(c.a());
            float[] pts = a.pts3d();                      // made on demand: once per pair, not per match
            double[] k = scene.K()[c.b()], m = scene.cam2w()[c.b()];
            for (int i = 0; i < c.count(); i++) {
                int q = c.xyA()[2 * i + 1] * a.width() + c.xyA()[2 * i];
                double px = pts[3 * q] - m[3], py = pts[3 * q + 1] - m[7], pz = pts[3 * q + 2] - m[11];
                // camera b's frame: R^T (p - t)
                double x = m[0] * px + m[4] * py + m[8] * pz;
                double y = m[1] * px + m[5] * py + m[9] * pz;
                double z = m[2] * px + m[6] * py + m[10] * pz;
                if (!(z > 0) || !Double.isFinite(x) || !Double.isFinite(y)) {
                    skipped++;
                    continue;
                }
                double u = k[0] * x / z + k[1] * y / z + k[2], v = k[4] * y / z + k[5];
                sum += Math.hypot(u - c.xyB()[2 * i], v - c.xyB()[2 * i + 1]);
                n++;
            }
        }
        return new SceneReprojection(n == 0 ? Double.NaN : sum / n, n, skipped);
    }
}
