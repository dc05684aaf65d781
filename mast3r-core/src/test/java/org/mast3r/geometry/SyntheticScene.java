package org.mast3r.geometry;

import java.util.SplittableRandom;

/**
 * A random PnP problem with known truth: points in front of a camera X_cam = R X + t, their pixels
 * with Gaussian noise and a fraction replaced by uniform outliers. {@code planeZ} > 0 puts every
 * camera-frame point on one plane (a wall) instead of a random depth slab.
 */
record SyntheticScene(double[] world, double[] xy, boolean[] isOutlier, double[] r, double[] t, Intrinsics k) {

    static SyntheticScene random(SplittableRandom rnd, int n, double noisePx, double outlierFrac, boolean planar) {
        int w = 640, h = 480;
        Intrinsics k = Intrinsics.centred(400 + rnd.nextDouble(400), w, h);
        double[] r = Rotations.exp(rnd.nextDouble(-0.5, 0.5), rnd.nextDouble(-0.5, 0.5), rnd.nextDouble(-0.5, 0.5));
        double[] t = {rnd.nextDouble(-1, 1), rnd.nextDouble(-1, 1), rnd.nextDouble(-1, 1)};
        double[] world = new double[3 * n], xy = new double[2 * n];
        boolean[] out = new boolean[n];
        double[] rt = Rotations.transpose(r);
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble(w), v = rnd.nextDouble(h);
            double z = planar ? 5 + 0.3 * (u - w / 2.0) / w : rnd.nextDouble(2, 12);
            double[] cam = {(u - k.cx()) / k.fx() * z, (v - k.cy()) / k.fy() * z, z};
            // world = R^T (cam - t)
            double[] p = Rotations.apply(rt, new double[] {cam[0] - t[0], cam[1] - t[1], cam[2] - t[2]});
            System.arraycopy(p, 0, world, 3 * i, 3);
            out[i] = rnd.nextDouble() < outlierFrac;
            if (out[i]) {
                xy[2 * i] = rnd.nextDouble(w);
                xy[2 * i + 1] = rnd.nextDouble(h);
            } else {
                xy[2 * i] = u + noisePx * rnd.nextGaussian();
                xy[2 * i + 1] = v + noisePx * rnd.nextGaussian();
            }
        }
        return new SyntheticScene(world, xy, out, r, t, k);
    }
}
