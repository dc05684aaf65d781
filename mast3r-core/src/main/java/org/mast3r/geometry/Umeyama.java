package org.mast3r.geometry;

import java.util.SplittableRandom;

/**
 * 3D-3D alignment dst ~ s R src + t: least squares over all points ({@link #fit}) or robust
 * ({@link #ransac}: 3-point samples, adaptive stopping, refit on the inliers). Points are flat
 * [N, 3] arrays. The rotation is Horn's closed form (the top eigenvector of a 4x4 symmetric matrix is
 * the quaternion), which never returns a reflection, so it needs no SVD sign fix; given that R the
 * least-squares scale is Umeyama's sum(dst_c . R src_c) / sum |src_c|^2.
 * <p>ref: dust3r/cloud_opt/init_im_poses.py rigid_points_registration (roma's weighted Umeyama, how
 * dust3r aligns one pointmap onto another); Umeyama 1991; Horn 1987, closed form with unit quaternions.
 */
public final class Umeyama {
    private Umeyama() {}

    /** Least squares on every point; {@code inliers} are all true. Fewer than 3 or collinear src: flagged. */
    public static Similarity fit(double[] src, double[] dst, boolean withScale) {
        int n = count(src, dst);
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        return fitSubset(src, dst, all, withScale);
    }

    /**
     * Robust: 3-point samples from {@code random} until the adaptive bound for {@code confidence} (or
     * {@code maxIterations}), inliers where the residual is at most {@code threshold} (dst units), then a
     * least-squares refit on the inliers, repeated while the inlier set grows.
     */
    public static Similarity ransac(double[] src, double[] dst, boolean withScale, double threshold,
                                   double confidence, int maxIterations, SplittableRandom random) {
        int n = count(src, dst);
        if (n < 3) return failed(n, SolveStatus.TOO_FEW_POINTS);
        if (Degeneracy.collinear(src, null)) return failed(n, SolveStatus.DEGENERATE);
        boolean[] sample = new boolean[n];
        int[] idx = new int[3];
        Similarity best = null;
        long needed = maxIterations;
        for (long it = 0; it < needed; it++) {
            Sampling.distinct(random, n, idx);
            for (int k : idx) sample[k] = true;
            Similarity h = fitSubset(src, dst, sample, withScale);
            for (int k : idx) sample[k] = false;
            if (!h.ok()) continue;
            Similarity scored = withInliers(h, src, dst, threshold);
            if (best == null || scored.inlierCount() > best.inlierCount()) {
                best = scored;
                needed = Math.min(maxIterations, Sampling.iterationsFor(confidence, (double) best.inlierCount() / n, 3));
            }
        }
        if (best == null || best.inlierCount() < 3) return failed(n, SolveStatus.NO_CONSENSUS);
        for (int round = 0; round < 5; round++) {
            Similarity refit = fitSubset(src, dst, best.inliers(), withScale);
            if (!refit.ok()) break;
            Similarity scored = withInliers(refit, src, dst, threshold);
            boolean grew = scored.inlierCount() > best.inlierCount();
            if (scored.inlierCount() >= best.inlierCount()) best = scored;
            if (!grew) break;
        }
        return best;
    }

    /** Least squares over the points where {@code use} is true; residuals for every point. */
    static Similarity fitSubset(double[] src, double[] dst, boolean[] use, boolean withScale) {
        int n = use.length, m = 0;
        double[] cs = new double[3], cd = new double[3];
        for (int i = 0; i < n; i++) {
            if (!use[i]) continue;
            m++;
            for (int k = 0; k < 3; k++) { cs[k] += src[3 * i + k]; cd[k] += dst[3 * i + k]; }
        }
        if (m < 3) return failed(n, SolveStatus.TOO_FEW_POINTS);
        for (int k = 0; k < 3; k++) { cs[k] /= m; cd[k] /= m; }
        if (Degeneracy.collinear(src, use)) return failed(n, SolveStatus.DEGENERATE);
        // S[a][b] = sum over points of src_c[a] * dst_c[b]
        double[] s = new double[9];
        double srcVar = 0;
        for (int i = 0; i < n; i++) {
            if (!use[i]) continue;
            double px = src[3 * i] - cs[0], py = src[3 * i + 1] - cs[1], pz = src[3 * i + 2] - cs[2];
            double qx = dst[3 * i] - cd[0], qy = dst[3 * i + 1] - cd[1], qz = dst[3 * i + 2] - cd[2];
            s[0] += px * qx; s[1] += px * qy; s[2] += px * qz;
            s[3] += py * qx; s[4] += py * qy; s[5] += py * qz;
            s[6] += pz * qx; s[7] += pz * qy; s[8] += pz * qz;
            srcVar += px * px + py * py + pz * pz;
        }
        double[] r = Rotations.fromQuaternion(hornQuaternion(s));
        double scale = 1;
        if (withScale) {
            // sum dst_c . R src_c = trace(R S) with S as above
            double dot = 0;
            for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) dot += r[3 * b + a] * s[3 * a + b];
            scale = dot / srcVar;
        }
        double[] rc = Rotations.apply(r, cs);
        double[] t = {cd[0] - scale * rc[0], cd[1] - scale * rc[1], cd[2] - scale * rc[2]};
        Similarity fit = new Similarity(r, t, scale, null, use.clone(), m, SolveStatus.OK);
        return new Similarity(r, t, scale, residuals(fit, src, dst), use.clone(), m, SolveStatus.OK);
    }

    /**
     * Horn's 4x4 matrix N from the cross-covariance S (S[a][b] = sum src_a dst_b); its top eigenvector
     * is the unit quaternion [w, x, y, z] of the rotation taking src to dst: the R maximising trace(R S).
     */
    public static double[] hornQuaternion(double[] s) {
        double sxx = s[0], sxy = s[1], sxz = s[2], syx = s[3], syy = s[4], syz = s[5], szx = s[6], szy = s[7], szz = s[8];
        double[] nm = {
            sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
            syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
            szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
            sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz};
        return SymmetricEigen.of(nm, 4).vector(0);
    }

    static double[] residuals(Similarity f, double[] src, double[] dst) {
        int n = src.length / 3;
        double[] res = new double[n];
        double[] r = f.rotation(), t = f.translation();
        double s = f.scale();
        for (int i = 0; i < n; i++) {
            double x = src[3 * i], y = src[3 * i + 1], z = src[3 * i + 2];
            double dx = s * (r[0] * x + r[1] * y + r[2] * z) + t[0] - dst[3 * i];
            double dy = s * (r[3] * x + r[4] * y + r[5] * z) + t[1] - dst[3 * i + 1];
            double dz = s * (r[6] * x + r[7] * y + r[8] * z) + t[2] - dst[3 * i + 2];
            res[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        return res;
    }

    private static Similarity withInliers(Similarity f, double[] src, double[] dst, double threshold) {
        double[] res = residuals(f, src, dst);
        boolean[] in = new boolean[res.length];
        int count = 0;
        for (int i = 0; i < res.length; i++) if (res[i] <= threshold) { in[i] = true; count++; }
        return new Similarity(f.rotation(), f.translation(), f.scale(), res, in, count, SolveStatus.OK);
    }

    private static Similarity failed(int n, SolveStatus status) {
        double[] res = new double[n];
        java.util.Arrays.fill(res, Double.POSITIVE_INFINITY);
        return new Similarity(Rotations.identity(), new double[3], 1, res, new boolean[n], 0, status);
    }

    private static int count(double[] src, double[] dst) {
        if (src.length % 3 != 0 || src.length != dst.length)
            throw new IllegalArgumentException("src and dst must be [N,3] of the same N, got " + src.length + " and " + dst.length + " values");
        return src.length / 3;
    }
}
