package org.mast3r.scene.align;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mast3r.scene.autodiff.Tape;
import org.mast3r.scene.autodiff.Var;

/**
 * The three losses of sparse_scene_optimizer over one iteration's {@link SceneModel}, each a
 * confidence-weighted mean of gamma_loss(|a - b|) = (|a - b| + o)^g - o^g with o = (1/g)^(1/(g-1)):
 * <ul>
 * <li>loss_3d: the two 3D points of every match of the pairs that pass matching_check;
 * <li>loss_2d: each match's pixel against the reprojection of its partner's 3D point;
 * <li>loss_dust3r: for the other pairs, image 1's points against pass (2, 1)'s pointmap moved by camera 2.
 * </ul>
 */
// ref: mast3r/cloud_opt/sparse_ga.py loss_3d, loss_2d, loss_dust3r, reproj2d; mast3r/cloud_opt/utils/losses.py gamma_loss
final class MatchLosses {
    private final SceneData data;
    private final List<MatchedPair> matching = new ArrayList<>(), fallback = new ArrayList<>();
    private final double[] conf3d;
    private final double confSum3d;
    private final List<List<Part>> parts2d = new ArrayList<>();   // per image: its pixels against a partner's points
    private final double[][] pix2d, conf2d;                        // per image [M, 2] and [M]
    private final double confSum2d, confSumFallback;

    /** Rows {@code start ..} of {@code image}'s pixels see rows {@code otherStart ..} of {@code other}'s points. */
    private record Part(int start, int other, int otherStart, int count) {}

    MatchLosses(SceneData data, double matchingConfThr) {
        this.data = data;
        int n = data.images();
        List<List<double[]>> confParts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            parts2d.add(new ArrayList<>());
            confParts.add(new ArrayList<>());
        }
        List<double[]> all = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (MatchedPair p : data.pairs()) {
            boolean ok = p.matchingOk(matchingConfThr);
            if (!ok) fallback.add(p);
            // The pair list holds (a, b) and (b, a), whose terms in loss_3d and loss_2d are the same matches with the
            // same weights: each weighted mean is unchanged when they count once, at half the work.
            if (!ok || !seen.add(SceneData.key(Math.min(p.img1(), p.img2()), Math.max(p.img1(), p.img2())))) continue;
            matching.add(p);
            all.add(p.conf());
            parts2d.get(p.img1()).add(new Part(p.start1(), p.img2(), p.start2(), p.count()));
            confParts.get(p.img1()).add(p.conf());
            parts2d.get(p.img2()).add(new Part(p.start2(), p.img1(), p.start1(), p.count()));
            confParts.get(p.img2()).add(p.conf());
        }
        conf3d = concat(all);
        confSum3d = sum(conf3d);
        pix2d = new double[n][];
        conf2d = new double[n][];
        for (int k = 0; k < n; k++) {
            conf2d[k] = concat(confParts.get(k));
            int[] px = data.anchors().get(k).pixels();
            pix2d[k] = new double[2 * conf2d[k].length];
            int r = 0;
            for (Part part : parts2d.get(k)) {
                for (int m = 0; m < part.count(); m++, r++) {
                    pix2d[k][2 * r] = px[2 * (part.start() + m)];
                    pix2d[k][2 * r + 1] = px[2 * (part.start() + m) + 1];
                }
            }
        }
        double s2 = 0, sf = 0;
        for (double[] c : conf2d) s2 += sum(c);
        for (MatchedPair p : fallback) sf += sum(data.fallbacks().get(SceneData.key(p.img1(), p.img2())).conf());
        confSum2d = s2;
        confSumFallback = sf;
    }

    /** loss_3d: sum_m conf_m gamma(|P1_m - P2_m|) / sum conf; 0 when no pair passes matching_check. */
    Var match3d(Tape tape, SceneModel scene, double gamma) {
        if (matching.isEmpty()) return tape.constant(0);
        List<Var> p1 = new ArrayList<>(), p2 = new ArrayList<>();
        for (MatchedPair p : matching) {
            p1.add(tape.sliceRows(scene.pts[p.img1()], p.start1(), p.count()));
            p2.add(tape.sliceRows(scene.pts[p.img2()], p.start2(), p.count()));
        }
        Var d = tape.rowNorm(tape.sub(tape.concatRows(p1), tape.concatRows(p2)));
        return tape.scale(tape.dot(tape.leaf(conf3d, 1, false), gammaLoss(tape, d, gamma)), 1 / confSum3d);
    }

    /** loss_2d: every image's matched pixels against its camera's projection of the partners' points. */
    Var reprojection2d(Tape tape, SceneModel scene, double gamma) {
        if (confSum2d == 0) return tape.constant(0);
        Var loss = tape.constant(0);
        for (int k = 0; k < data.images(); k++) {
            if (parts2d.get(k).isEmpty()) continue;
            List<Var> partners = new ArrayList<>();
            for (Part part : parts2d.get(k)) partners.add(tape.sliceRows(scene.pts[part.other()], part.otherStart(), part.count()));
            Var uv = project(tape, scene, k, tape.concatRows(partners));
            Var d = tape.rowNorm(tape.sub(tape.leaf(pix2d[k], 2, false), uv));
            loss = tape.add(loss, tape.dot(tape.leaf(conf2d[k], 1, false), gammaLoss(tape, d, gamma)));
        }
        return tape.scale(loss, 1 / confSum2d);
    }

    /**
     * reproj2d with K @ w2cam[:3]: (f x + cx z, f y + cy z) / max(z, 1e-3) in camera k, clipped to
     * [-1000, 2000] so a point behind the camera cannot produce NaN or a runaway gradient.
     */
    private static Var project(Tape tape, SceneModel scene, int k, Var world) {
        Var cam = tape.matmul(tape.sub(world, scene.centre[k]), scene.rot[k]);   // rows: R^T (X - t)
        Var z = tape.column(cam, 2);
        Var zClipped = tape.clip(z, 1e-3, Double.POSITIVE_INFINITY);
        Var cx = tape.scale(tape.column(scene.pp[k], 0), scene.width(k)), cy = tape.scale(tape.column(scene.pp[k], 1), scene.height(k));
        Var u = tape.add(tape.mul(tape.column(cam, 0), scene.focal[k]), tape.mul(z, cx));
        Var v = tape.add(tape.mul(tape.column(cam, 1), scene.focal[k]), tape.mul(z, cy));
        return tape.clip(tape.div(tape.concatCols(List.of(u, v)), zClipped), -1000, 2000);
    }

    /** loss_dust3r: sum conf21 gamma(|P1 - cam2w_2 X21|) / sum conf21 over the pairs without a confident match. */
    Var dust3r(Tape tape, SceneModel scene, double gamma) {
        if (confSumFallback == 0) return tape.constant(0);
        Var loss = tape.constant(0);
        for (MatchedPair p : fallback) {
            SceneData.Fallback f = data.fallbacks().get(SceneData.key(p.img1(), p.img2()));
            Var target = tape.add(tape.matmul(tape.leaf(f.pts(), 3, false), tape.transpose(scene.rot[p.img2()])), scene.centre[p.img2()]);
            Var d = tape.rowNorm(tape.sub(scene.pts[p.img1()], target));
            loss = tape.add(loss, tape.dot(tape.leaf(f.conf(), 1, false), gammaLoss(tape, d, gamma)));
        }
        return tape.scale(loss, 1 / confSumFallback);
    }

    /** gamma_loss(g) of distances d: (d + o)^g - o^g, o = (1/g)^(1/(g-1)) so that its slope at 0 is 1. */
    static Var gammaLoss(Tape tape, Var d, double gamma) {
        double o = Math.pow(1 / gamma, 1 / (gamma - 1));
        return tape.addScalar(tape.pow(tape.addScalar(d, o), gamma), -Math.pow(o, gamma));
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) s += v;
        return s;
    }

    private static double[] concat(List<double[]> parts) {
        int n = 0;
        for (double[] p : parts) n += p.length;
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
