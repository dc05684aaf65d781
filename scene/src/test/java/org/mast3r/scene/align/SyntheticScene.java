package org.mast3r.scene.align;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.mast3r.geometry.Rotations;

/**
 * A ground-truth scene made here: a floor, a back wall and three spheres, seen by cameras on an arc that
 * look at its centre. Depth comes from exact ray casting, so the pair predictions and the matches can be
 * made as a perfect network would make them, then spoilt on purpose (per-pair scale, depth noise,
 * outlier matches, weak confidences).
 */
final class SyntheticScene {
    static final int W = 256, H = 192, S = 8;
    static final double F = 220;
    private static final double[][] SPHERES = {{-1.2, 0.6, 7, 0.9}, {1.1, 0.2, 8, 1.2}, {0, 0.9, 5.5, 0.6}};   // x, y, z, radius
    private static final double FLOOR_Y = 1.5, WALL_Z = 13;

    final int n;
    final double[][] cam2w;           // [n][16] OpenCV axes, world y down
    final float[][] depth;            // [n][H*W] true z

    /** {@code n} cameras spread over {@code arcDeg} degrees of yaw, 3 units apart at most. */
    SyntheticScene(int n, double arcDeg) {
        this.n = n;
        cam2w = new double[n][];
        depth = new float[n][];
        for (int k = 0; k < n; k++) {
            double yaw = Math.toRadians(-arcDeg / 2 + arcDeg * k / Math.max(1, n - 1));
            double[] centre = {-6 * Math.sin(yaw), -0.8 + 0.1 * k, 7 - 6 * Math.cos(yaw)};
            double[] r = Rotations.multiply(Rotations.exp(0, yaw, 0), Rotations.exp(-0.12, 0, 0.02 * k));
            cam2w[k] = new double[] {r[0], r[1], r[2], centre[0], r[3], r[4], r[5], centre[1], r[6], r[7], r[8], centre[2], 0, 0, 0, 1};
            depth[k] = render(k);
        }
    }

    /** The world point seen at pixel (x, y) of camera k. */
    double[] world(int k, int x, int y) {
        double z = depth[k][y * W + x];
        return toWorld(k, new double[] {(x - W / 2.0) / F * z, (y - H / 2.0) / F * z, z});
    }

    double[] toWorld(int k, double[] p) {
        double[] m = cam2w[k];
        return new double[] {m[0] * p[0] + m[1] * p[1] + m[2] * p[2] + m[3], m[4] * p[0] + m[5] * p[1] + m[6] * p[2] + m[7],
                m[8] * p[0] + m[9] * p[1] + m[10] * p[2] + m[11]};
    }

    double[] toCamera(int k, double[] w) {
        double[] m = cam2w[k];
        double dx = w[0] - m[3], dy = w[1] - m[7], dz = w[2] - m[11];
        return new double[] {m[0] * dx + m[4] * dy + m[8] * dz, m[1] * dx + m[5] * dy + m[9] * dz, m[2] * dx + m[6] * dy + m[10] * dz};
    }

    private float[] render(int k) {
        float[] z = new float[H * W];
        double[] m = cam2w[k], o = {m[3], m[7], m[11]};
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double[] rc = {(x - W / 2.0) / F, (y - H / 2.0) / F, 1};
                double[] d = {m[0] * rc[0] + m[1] * rc[1] + m[2], m[4] * rc[0] + m[5] * rc[1] + m[6], m[8] * rc[0] + m[9] * rc[1] + m[10]};
                double t = Double.POSITIVE_INFINITY;               // along d, so t is the camera z (rc has z = 1)
                if (d[1] > 1e-9) t = Math.min(t, (FLOOR_Y - o[1]) / d[1]);
                if (d[2] > 1e-9) t = Math.min(t, (WALL_Z - o[2]) / d[2]);
                for (double[] s : SPHERES) t = Math.min(t, sphere(o, d, s));
                z[y * W + x] = (float) Math.min(t, 40);
            }
        }
        return z;
    }

    private static double sphere(double[] o, double[] d, double[] s) {
        double ox = o[0] - s[0], oy = o[1] - s[1], oz = o[2] - s[2];
        double a = d[0] * d[0] + d[1] * d[1] + d[2] * d[2], b = 2 * (ox * d[0] + oy * d[1] + oz * d[2]);
        double c = ox * ox + oy * oy + oz * oz - s[3] * s[3], disc = b * b - 4 * a * c;
        if (disc < 0) return Double.POSITIVE_INFINITY;
        double t = (-b - Math.sqrt(disc)) / (2 * a);
        return t > 1e-6 ? t : Double.POSITIVE_INFINITY;
    }

    /** How the predictions and matches are spoilt. */
    record Noise(double scaleSigma, double depthSigma, double outlierFraction, long seed) {
        static final Noise NONE = new Noise(0, 0, 0, 1);
    }

    /**
     * The alignment's input on the complete graph: per ordered pair a pointmap with a per-pair scale and
     * depth noise, per unordered pair the matches a perfect matcher would find from both subsample grids
     * (in view, not occluded), some replaced by random pixels; {@code weak} pairs get match confidences
     * of 1.5 instead of 4 to 8, so a matching_conf_thr between the two sends them to the DUSt3R fallback.
     */
    AlignmentInput input(Noise noise, List<int[]> weak) {
        Random rng = new Random(noise.seed());
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) pairs.add(new int[] {i, j});
        int half = pairs.size();
        for (int p = 0; p < half; p++) pairs.add(new int[] {pairs.get(p)[1], pairs.get(p)[0]});
        List<PairPrediction> predictions = new ArrayList<>();
        for (int[] ab : pairs) predictions.add(prediction(ab[0], ab[1], noise, rng));
        List<PairCorrespondences> matches = new ArrayList<>();
        for (int p = 0; p < half; p++) {
            int a = pairs.get(p)[0], b = pairs.get(p)[1];
            boolean isWeak = weak.stream().anyMatch(w -> (w[0] == a && w[1] == b) || (w[0] == b && w[1] == a));
            matches.add(matches(a, b, noise, isWeak, rng));
        }
        int[] hs = new int[n], ws = new int[n];
        java.util.Arrays.fill(hs, H);
        java.util.Arrays.fill(ws, W);
        return new AlignmentInput(hs, ws, pairs, predictions, matches);
    }

    private PairPrediction prediction(int a, int b, Noise noise, Random rng) {
        double scale = Math.exp(noise.scaleSigma() * rng.nextGaussian());
        float[] x11 = new float[3 * H * W], c11 = new float[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                double z = scale * depth[a][i] * (1 + noise.depthSigma() * rng.nextGaussian());
                x11[3 * i] = (float) ((x - W / 2.0) / F * z);
                x11[3 * i + 1] = (float) ((y - H / 2.0) / F * z);
                x11[3 * i + 2] = (float) z;
                c11[i] = (float) (1 + (1.5 + 8 * Math.exp(-depth[a][i] / 6)) * (0.8 + 0.2 * Math.sin(0.05 * x + 0.07 * y + a + 3 * b)));
            }
        }
        int hs = H / S, ws = W / S;
        float[] x21 = new float[3 * hs * ws], c21 = new float[hs * ws];
        for (int gy = 0; gy < hs; gy++) {
            for (int gx = 0; gx < ws; gx++) {
                double[] p = toCamera(a, world(b, gx * S, gy * S));
                int g = gy * ws + gx;
                for (int d = 0; d < 3; d++) x21[3 * g + d] = (float) (scale * p[d] * (1 + noise.depthSigma() * rng.nextGaussian()));
                c21[g] = 3;
            }
        }
        return new PairPrediction(a, b, x11, c11, x21, c21);
    }

    private PairCorrespondences matches(int a, int b, Noise noise, boolean weak, Random rng) {
        TreeMap<Long, int[]> unique = new TreeMap<>();             // sorted by (idx_a, idx_b), as merge_corres
        gridMatches(a, b, false, unique);
        gridMatches(b, a, true, unique);
        int m = unique.size();
        int[] xyA = new int[2 * m], xyB = new int[2 * m];
        float[] conf = new float[m];
        int r = 0;
        for (int[] v : unique.values()) {
            xyA[2 * r] = v[0];
            xyA[2 * r + 1] = v[1];
            xyB[2 * r] = v[2];
            xyB[2 * r + 1] = v[3];
            if (rng.nextDouble() < noise.outlierFraction()) {    // the non-grid end goes to a random pixel far away
                do {
                    xyB[2 * r] = rng.nextInt(W);
                    xyB[2 * r + 1] = rng.nextInt(H);
                } while (Math.abs(xyB[2 * r] - v[2]) + Math.abs(xyB[2 * r + 1] - v[3]) < 16);
            }
            conf[r] = weak ? 1.5f : (float) (4 + 4 * rng.nextDouble());
            r++;
        }
        return new PairCorrespondences(a, b, xyA, xyB, conf, new double[] {1, m, m});
    }

    /** From the subsample grid of {@code from}, the nearest pixel where the same point lands in {@code to}. */
    private void gridMatches(int from, int to, boolean swapped, TreeMap<Long, int[]> out) {
        for (int y = S / 2; y < H; y += S) {
            for (int x = S / 2; x < W; x += S) {
                double[] p = toCamera(to, world(from, x, y));
                if (p[2] <= 0) continue;
                int u = (int) Math.floor(F * p[0] / p[2] + W / 2.0 + 0.5), v = (int) Math.floor(F * p[1] / p[2] + H / 2.0 + 0.5);
                if (u < 0 || v < 0 || u >= W || v >= H) continue;
                if (Math.abs(depth[to][v * W + u] - p[2]) > 0.01 * p[2]) continue;   // occluded
                int[] m = swapped ? new int[] {u, v, x, y} : new int[] {x, y, u, v};
                out.putIfAbsent(((long) (m[1] * W + m[0]) << 32) | (m[3] * W + m[2]), m);
            }
        }
    }
}
