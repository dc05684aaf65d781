package org.mast3r.scene.refine;

import java.util.Arrays;
import java.util.List;

/**
 * The robust reprojection cost of all observations, and its linearisation into a {@link SchurSystem}.
 * Observation o is pixel (xy[2o], xy[2o+1]) of camera cam[o] with weight weight[o]; the observations of
 * track t are o in [trackStart[t], trackStart[t+1]).
 * <p>Cost = sum_o weight_o rho(|r_o|^2) with the Cauchy loss rho(s) = k^2 log(1 + s / k^2), k the robust
 * scale in pixels: rho ~ s for small errors, and an outlier's pull falls off as k^2 / |r| where Huber's
 * would stay k, so 10-15 % wrong matches barely bias the cameras. Cauchy is not convex, which the good
 * start from global alignment makes safe. The normal equations are IRLS: weight_o rho'(s_o) =
 * weight_o / (1 + s_o / k^2) on each residual, whose gradient is the cost's (Triggs et al. 2000, Bundle
 * Adjustment: A Modern Synthesis, on robustified least squares; Ceres applies Cauchy the same way).
 */
final class Objective {
    // replaced by prune(); trackId[t] is the index of track t in the list this objective was made from
    int[] trackStart, cam, trackId;
    double[] xy, weight;
    /** [T] tracks still in the problem; see {@link #holdStrays}. */
    boolean[] active;
    private final double k2;

    private Objective(int[] trackStart, int[] cam, double[] xy, double[] weight, double scalePx) {
        this.trackStart = trackStart;
        this.cam = cam;
        this.xy = xy;
        this.weight = weight;
        this.trackId = new int[trackStart.length - 1];
        for (int t = 0; t < trackId.length; t++) trackId[t] = t;
        this.active = new boolean[trackStart.length - 1];
        Arrays.fill(active, true);
        this.k2 = scalePx * scalePx;
    }

    static Objective of(List<Track> tracks, double scalePx) {
        int[] start = new int[tracks.size() + 1];
        for (int t = 0; t < tracks.size(); t++) start[t + 1] = start[t] + tracks.get(t).size();
        int m = start[tracks.size()];
        int[] cam = new int[m];
        double[] xy = new double[2 * m], weight = new double[m];
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            for (int i = 0; i < track.size(); i++) {
                int o = start[t] + i;
                cam[o] = track.images()[i];
                xy[2 * o] = track.xy()[2 * i];
                xy[2 * o + 1] = track.xy()[2 * i + 1];
                weight[o] = track.weights()[i];
            }
        }
        return new Objective(start, cam, xy, weight, scalePx);
    }

    // Cauchy: rho(s) and its derivative, the IRLS weight
    private double rho(double s) {
        return k2 * Math.log(1 + s / k2);
    }

    private double drho(double s) {
        return 1 / (1 + s / k2);
    }

    int tracks() {
        return trackStart.length - 1;
    }

    int observations() {
        return cam.length;
    }

    /** The cost at {@code cams} ({@link CameraArray}) and {@code pts} [T,3]; +infinity when a point is at or behind a camera that sees it. */
    double cost(double[] cams, double[] pts) {
        double[] r = new double[2];
        double sum = 0;
        for (int t = 0; t < tracks(); t++)
            for (int o = trackStart[t]; o < trackStart[t + 1] && active[t]; o++) {
                if (!(Projection.residual(cams, cam[o], pts, t, xy[2 * o], xy[2 * o + 1], r) > 0)) return Double.POSITIVE_INFINITY;
                sum += weight[o] * rho(r[0] * r[0] + r[1] * r[1]);
            }
        return sum;
    }

    /** Fills {@code system} with the IRLS normal equations at ({@code cams}, {@code pts}) and returns the cost there. */
    double linearise(double[] cams, double[] pts, Parameterisation par, SchurSystem system) {
        system.clear();
        double[] r = new double[2], jCam = new double[2 * Projection.SLOTS], jPt = new double[6], basis = new double[6];
        if (par.scaleCamera >= 0) par.tangentBasis(cams, basis);
        double sum = 0;
        for (int t = 0; t < tracks(); t++)
            for (int o = trackStart[t]; o < trackStart[t + 1] && active[t]; o++) {
                if (!(Projection.linearise(cams, cam[o], pts, t, xy[2 * o], xy[2 * o + 1], r, jCam, jPt) > 0))
                    return Double.POSITIVE_INFINITY;
                double s = r[0] * r[0] + r[1] * r[1];
                sum += weight[o] * rho(s);
                if (cam[o] == par.scaleCamera) toTangent(jCam, basis);
                system.add(o, cam[o], t, jCam, jPt, r, weight[o] * drho(s));
            }
        return sum;
    }

    /**
     * Embedded point iterations (Jeong et al. 2012, Pushing the envelope of modern methods for bundle
     * adjustment): with the cameras held the cost splits into one term per track, so each active point
     * takes up to {@code steps} IRLS Gauss-Newton steps [3x3] on its own term, each kept only when that
     * term drops and the point stays {@link Triangulation#plausible}. Points then settle between the
     * cameras' steps instead of one LM step at a time. Returns the new total cost.
     */
    double refinePoints(double[] cams, double[] pts, int steps) {
        double[] r = new double[2], jCam = new double[2 * Projection.SLOTS], jPt = new double[6];
        double[] h = new double[9], g = new double[3], candidate = new double[3];
        double total = 0;
        for (int t = 0; t < tracks(); t++) {
            if (!active[t]) continue;
            double cost = trackCost(cams, pts, t, t, r);
            for (int step = 0; step < steps; step++) {
                Arrays.fill(h, 0);
                Arrays.fill(g, 0);
                for (int o = trackStart[t]; o < trackStart[t + 1]; o++) {
                    Projection.linearise(cams, cam[o], pts, t, xy[2 * o], xy[2 * o + 1], r, jCam, jPt);
                    double w = weight[o] * drho(r[0] * r[0] + r[1] * r[1]);
                    for (int a = 0; a < 3; a++) {
                        g[a] += w * (jPt[a] * r[0] + jPt[3 + a] * r[1]);
                        for (int b = 0; b < 3; b++) h[3 * a + b] += w * (jPt[a] * jPt[b] + jPt[3 + a] * jPt[3 + b]);
                    }
                }
                if (!solve3(h, g, candidate)) break;
                for (int a = 0; a < 3; a++) candidate[a] = pts[3 * t + a] - candidate[a];
                if (!Triangulation.plausible(cams, cam, trackStart[t], trackStart[t + 1], candidate, 0)) break;
                double next = trackCost(cams, candidate, 0, t, r);
                if (!(next < cost)) break;
                System.arraycopy(candidate, 0, pts, 3 * t, 3);
                boolean settled = cost - next < 1e-10 * cost;
                cost = next;
                if (settled) break;
            }
            total += cost;
        }
        return total;
    }

    // the cost of track t's observations with its point at row p of pts
    private double trackCost(double[] cams, double[] pts, int p, int t, double[] r) {
        double sum = 0;
        for (int o = trackStart[t]; o < trackStart[t + 1]; o++) {
            if (!(Projection.residual(cams, cam[o], pts, p, xy[2 * o], xy[2 * o + 1], r) > 0)) return Double.POSITIVE_INFINITY;
            sum += weight[o] * rho(r[0] * r[0] + r[1] * r[1]);
        }
        return sum;
    }

    // x = h^-1 g for a symmetric [3,3] h, by cofactors; false when h is not positive definite
    private static boolean solve3(double[] h, double[] g, double[] x) {
        double c00 = h[4] * h[8] - h[5] * h[7], c01 = h[2] * h[7] - h[1] * h[8], c02 = h[1] * h[5] - h[2] * h[4];
        double det = h[0] * c00 + h[3] * c01 + h[6] * c02;
        double c11 = h[0] * h[8] - h[2] * h[6], c12 = h[2] * h[3] - h[0] * h[5], c22 = h[0] * h[4] - h[1] * h[3];
        if (!(h[0] > 0) || !(c22 > 0) || !(det > 0)) return false;
        x[0] = (c00 * g[0] + c01 * g[1] + c02 * g[2]) / det;
        x[1] = (c01 * g[0] + c11 * g[1] + c12 * g[2]) / det;
        x[2] = (c02 * g[0] + c12 * g[1] + c22 * g[2]) / det;
        return true;
    }

    /**
     * Marks in {@code stray} [T] each active track whose point in {@code after} [T,3] is not
     * {@link Triangulation#plausible} for {@code cams} (behind a camera, or at infinity) and puts back its
     * {@code before} position; returns how many. Without this one such point (typically of a track of
     * wrong matches whose rays do not meet) refuses every step, or drifts off forever and never lets LM
     * converge. Once a step with strays is taken they are {@link #drop}ped.
     */
    int holdStrays(double[] cams, double[] before, double[] after, boolean[] stray) {
        int count = 0;
        for (int t = 0; t < tracks(); t++) {
            stray[t] = active[t] && !Triangulation.plausible(cams, cam, trackStart[t], trackStart[t + 1], after, t);
            if (!stray[t]) continue;
            System.arraycopy(before, 3 * t, after, 3 * t, 3);
            count++;
        }
        return count;
    }

    /**
     * Once the cameras have settled: every observation farther than {@code thresholdPx} from its
     * projection leaves the problem, and so does a track left with fewer than two, or already dropped.
     * Under the Cauchy loss such an outlier still pulls a little, and a point held by one or two good
     * rays slides along a flat valley towards it for many iterations; cut loose, it settles at once.
     * The arrays are rebuilt without them; returns the kept rows of {@code pts}, in order.
     */
    double[] prune(double[] cams, double[] pts, double thresholdPx) {
        double[] r = new double[2];
        double t2 = thresholdPx * thresholdPx;
        boolean[] keep = new boolean[observations()];
        int tracks = 0, kept = 0;
        for (int t = 0; t < tracks(); t++) {
            if (!active[t]) continue;
            int support = 0;
            for (int o = trackStart[t]; o < trackStart[t + 1]; o++) {
                keep[o] = Projection.residual(cams, cam[o], pts, t, xy[2 * o], xy[2 * o + 1], r) > 0 && r[0] * r[0] + r[1] * r[1] <= t2;
                if (keep[o]) support++;
            }
            if (support >= 2) {
                tracks++;
                kept += support;
            } else {
                for (int o = trackStart[t]; o < trackStart[t + 1]; o++) keep[o] = false;
            }
        }
        int[] start = new int[tracks + 1], camKept = new int[kept], id = new int[tracks];
        double[] xyKept = new double[2 * kept], weightKept = new double[kept], ptsKept = new double[3 * tracks];
        int nt = 0, no = 0;
        for (int t = 0; t < tracks(); t++) {
            boolean any = false;
            for (int o = trackStart[t]; o < trackStart[t + 1]; o++) {
                if (!keep[o]) continue;
                any = true;
                camKept[no] = cam[o];
                xyKept[2 * no] = xy[2 * o];
                xyKept[2 * no + 1] = xy[2 * o + 1];
                weightKept[no++] = weight[o];
            }
            if (!any) continue;
            System.arraycopy(pts, 3 * t, ptsKept, 3 * nt, 3);
            id[nt] = trackId[t];
            start[++nt] = no;
        }
        trackStart = start;
        cam = camKept;
        xy = xyKept;
        weight = weightKept;
        trackId = id;
        active = new boolean[tracks];
        Arrays.fill(active, true);
        return ptsKept;
    }

    /** Track t as it stands: its observations still in the problem. */
    Track track(int t) {
        int from = trackStart[t], k = trackStart[t + 1] - from;
        int[] images = new int[k], pixels = new int[2 * k];
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            images[i] = cam[from + i];
            pixels[2 * i] = (int) xy[2 * (from + i)];
            pixels[2 * i + 1] = (int) xy[2 * (from + i) + 1];
            w[i] = weight[from + i];
        }
        return new Track(images, pixels, w);
    }

    /** Takes the marked tracks out of the problem. */
    void drop(boolean[] stray) {
        for (int t = 0; t < tracks(); t++) if (stray[t]) active[t] = false;
    }

    /** Reprojection distances [O] in pixels (+infinity behind the camera, NaN for an observation of a dropped track). */
    double[] errors(double[] cams, double[] pts) {
        double[] r = new double[2], out = new double[observations()];
        Arrays.fill(out, Double.NaN);
        for (int t = 0; t < tracks(); t++)
            for (int o = trackStart[t]; o < trackStart[t + 1] && active[t]; o++)
                out[o] = Projection.residual(cams, cam[o], pts, t, xy[2 * o], xy[2 * o + 1], r) > 0
                        ? Math.sqrt(r[0] * r[0] + r[1] * r[1]) : Double.POSITIVE_INFINITY;
        return out;
    }

    // the scale camera's centre slots: dC = b1 d0 + b2 d1, so its columns are J_C b1, J_C b2 and nothing
    private static void toTangent(double[] jCam, double[] basis) {
        for (int row = 0; row < 2; row++) {
            int o = row * Projection.SLOTS + Projection.CENTRE;
            double c0 = jCam[o], c1 = jCam[o + 1], c2 = jCam[o + 2];
            jCam[o] = c0 * basis[0] + c1 * basis[1] + c2 * basis[2];
            jCam[o + 1] = c0 * basis[3] + c1 * basis[4] + c2 * basis[5];
            jCam[o + 2] = 0;
        }
    }
}
