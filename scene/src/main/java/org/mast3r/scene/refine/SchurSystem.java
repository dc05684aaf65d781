package org.mast3r.scene.refine;

import java.util.Arrays;

/**
 * The normal equations of bundle adjustment, [[U, W], [W^T, V]] [dc; dp] = -[gc; gp], solved by
 * eliminating the points: V is block diagonal (one 3x3 per track), so with LM damping
 * S = U - W V^-1 W^T is the reduced camera system, dense [dim, dim], solved by Cholesky, and each
 * point's step follows from its own block: dp_t = V_t^-1 (-gp_t - W_t^T dc).
 * <p>Only camera j's m_j moving slots ({@link Parameterisation#cols} >= 0) are stored, in slot order.
 * Buffers: U per camera [m_j, m_j] (lower triangle) and gc [dim]; V [T,3,3], gp [T,3]; W per observation [m_j, 3]. The
 * track sums of W V^-1 W^T go into one [m_j, m_k] block per camera pair (j <= k) that shares a track,
 * and are added into the dense S once per solve. Damping is Marquardt's: each diagonal entry times
 * (1 + lambda). Dropped tracks ({@link Objective#active}) take no part.
 */
final class SchurSystem {
    private static final double TINY = 1e-12;   // floor under a diagonal entry before damping

    private final int dim, cameras;
    private final int[] trackStart, cam;
    private final boolean[] active;
    // camera j: m_j = moving[j] moving slots slot[9j + i] with columns col[9j + i]
    private final int[] moving, slot, col;
    // observation o's W at wAt[o]; camera j's U at uAt[j]; block (j, k) at blockAt[j * cameras + k] (-1: none)
    private final int[] wAt, uAt, blockAt;
    private final double[] u, gc, v, gp, w, blocks;
    // per solve: S (lower triangle) and A with S = U - (A + A^T); V^-1 per track; Y = W V^-1 for one track
    private final double[] s, acc, vinv, y;
    // one observation's camera Jacobian rows over the moving slots
    private final double[] row0 = new double[Projection.SLOTS], row1 = new double[Projection.SLOTS];

    SchurSystem(Parameterisation par, Objective objective) {
        dim = par.dim;
        trackStart = objective.trackStart;
        cam = objective.cam;
        active = objective.active;
        cameras = par.cols.length / Projection.SLOTS;
        moving = new int[cameras];
        slot = new int[par.cols.length];
        col = new int[par.cols.length];
        uAt = new int[cameras];
        int uSize = 0;
        for (int j = 0; j < cameras; j++) {
            for (int i = 0; i < Projection.SLOTS; i++) {
                int c = par.cols[j * Projection.SLOTS + i];
                if (c < 0) continue;
                slot[j * Projection.SLOTS + moving[j]] = i;
                col[j * Projection.SLOTS + moving[j]++] = c;
            }
            uAt[j] = uSize;
            uSize += moving[j] * moving[j];
        }
        int tracks = objective.tracks(), observations = objective.observations(), longest = 0, wSize = 0, blockSize = 0;
        wAt = new int[observations];
        blockAt = new int[cameras * cameras];
        Arrays.fill(blockAt, -1);
        for (int t = 0; t < tracks; t++) {
            longest = Math.max(longest, trackStart[t + 1] - trackStart[t]);
            for (int o = trackStart[t]; o < trackStart[t + 1]; o++) {
                wAt[o] = wSize;
                wSize += 3 * moving[cam[o]];
                for (int o2 = o; o2 < trackStart[t + 1]; o2++) {
                    int j = Math.min(cam[o], cam[o2]), k = Math.max(cam[o], cam[o2]);
                    if (blockAt[j * cameras + k] >= 0) continue;
                    blockAt[j * cameras + k] = blockSize;
                    blockSize += moving[j] * moving[k];
                }
            }
        }
        u = new double[uSize];
        gc = new double[dim];
        v = new double[9 * tracks];
        gp = new double[3 * tracks];
        w = new double[wSize];
        blocks = new double[blockSize];
        s = new double[dim * dim];
        acc = new double[dim * dim];
        vinv = new double[9 * tracks];
        y = new double[3 * Projection.SLOTS * longest];
    }

    void clear() {
        Arrays.fill(u, 0);
        Arrays.fill(gc, 0);
        Arrays.fill(v, 0);
        Arrays.fill(gp, 0);
    }

    /** Observation o of camera j and track t: residual r [2], jCam [2,9], jPt [2,3], IRLS weight. */
    void add(int o, int j, int t, double[] jCam, double[] jPt, double[] r, double weight) {
        int base = j * Projection.SLOTS, m = moving[j], uo = uAt[j], wo = wAt[o];
        double[] c0 = row0, c1 = row1;
        for (int i = 0; i < m; i++) {
            c0[i] = jCam[slot[base + i]];
            c1[i] = jCam[Projection.SLOTS + slot[base + i]];
        }
        double p00 = jPt[0], p01 = jPt[1], p02 = jPt[2], p10 = jPt[3], p11 = jPt[4], p12 = jPt[5];
        for (int i = 0; i < m; i++) {
            double ja0 = weight * c0[i], ja1 = weight * c1[i];
            gc[col[base + i]] += ja0 * r[0] + ja1 * r[1];
            for (int k = 0; k <= i; k++) u[uo + i * m + k] += ja0 * c0[k] + ja1 * c1[k];   // lower triangle
            w[wo + 3 * i] = ja0 * p00 + ja1 * p10;
            w[wo + 3 * i + 1] = ja0 * p01 + ja1 * p11;
            w[wo + 3 * i + 2] = ja0 * p02 + ja1 * p12;
        }
        for (int c = 0; c < 3; c++) {
            double q0 = weight * jPt[c], q1 = weight * jPt[3 + c];
            gp[3 * t + c] += q0 * r[0] + q1 * r[1];
            for (int d = 0; d < 3; d++) v[9 * t + 3 * c + d] += q0 * jPt[d] + q1 * jPt[3 + d];
        }
    }

    /** The damped step: dCam [dim], dPt [T,3]; false when a damped block is not positive definite. */
    boolean solve(double lambda, double[] dCam, double[] dPt) {
        Arrays.fill(blocks, 0);
        for (int i = 0; i < dim; i++) dCam[i] = -gc[i];
        int tracks = trackStart.length - 1;
        for (int t = 0; t < tracks; t++) {
            if (!active[t]) continue;
            if (!invertDamped(t, lambda)) return false;
            int from = trackStart[t], to = trackStart[t + 1], vt = 9 * t;
            // Y_o = W_o V_t^-1 [m, 3]; rhs += Y_o gp_t
            for (int o = from; o < to; o++) {
                int yo = 3 * Projection.SLOTS * (o - from), wo = wAt[o], base = cam[o] * Projection.SLOTS;
                for (int i = 0; i < moving[cam[o]]; i++) {
                    double w0 = w[wo + 3 * i], w1 = w[wo + 3 * i + 1], w2 = w[wo + 3 * i + 2];
                    double y0 = w0 * vinv[vt] + w1 * vinv[vt + 3] + w2 * vinv[vt + 6];
                    double y1 = w0 * vinv[vt + 1] + w1 * vinv[vt + 4] + w2 * vinv[vt + 7];
                    double y2 = w0 * vinv[vt + 2] + w1 * vinv[vt + 5] + w2 * vinv[vt + 8];
                    y[yo + 3 * i] = y0;
                    y[yo + 3 * i + 1] = y1;
                    y[yo + 3 * i + 2] = y2;
                    dCam[col[base + i]] += y0 * gp[3 * t] + y1 * gp[3 * t + 1] + y2 * gp[3 * t + 2];
                }
            }
            // W V^-1 W^T over the track = sum over ordered pairs (o, o2); A takes each unordered pair once
            // (as Y_o W_o2^T or its transpose, with the lower camera first) and o == o2 at half weight
            for (int o = from; o < to; o++)
                for (int o2 = o; o2 < to; o2++) {
                    if (cam[o] <= cam[o2]) accumulatePair(o - from, cam[o], o2, cam[o2], o == o2 ? 0.5 : 1);
                    else accumulatePair(o2 - from, cam[o2], o, cam[o], 1);
                }
        }
        assemble(lambda);
        if (!Cholesky.solveInPlace(s, dCam, dim)) return false;
        for (int t = 0; t < tracks; t++) {
            if (!active[t]) {
                dPt[3 * t] = dPt[3 * t + 1] = dPt[3 * t + 2] = 0;
                continue;
            }
            double b0 = -gp[3 * t], b1 = -gp[3 * t + 1], b2 = -gp[3 * t + 2];
            for (int o = trackStart[t]; o < trackStart[t + 1]; o++) {
                int base = cam[o] * Projection.SLOTS, wo = wAt[o];
                for (int i = 0; i < moving[cam[o]]; i++) {
                    double d = dCam[col[base + i]];
                    b0 -= w[wo + 3 * i] * d;
                    b1 -= w[wo + 3 * i + 1] * d;
                    b2 -= w[wo + 3 * i + 2] * d;
                }
            }
            int vt = 9 * t;
            dPt[3 * t] = vinv[vt] * b0 + vinv[vt + 1] * b1 + vinv[vt + 2] * b2;
            dPt[3 * t + 1] = vinv[vt + 3] * b0 + vinv[vt + 4] * b1 + vinv[vt + 5] * b2;
            dPt[3 * t + 2] = vinv[vt + 6] * b0 + vinv[vt + 7] * b1 + vinv[vt + 8] * b2;
        }
        return true;
    }

    // block (j, k) [m_j, m_k] += f Y_o W_o2^T, for o of camera j <= k the camera of o2
    private void accumulatePair(int yIndex, int j, int o2, int k, double f) {
        int yo = 3 * Projection.SLOTS * yIndex, wo = wAt[o2], mj = moving[j], mk = moving[k];
        int bo = blockAt[j * cameras + k];
        for (int i = 0; i < mj; i++) {
            double y0 = f * y[yo + 3 * i], y1 = f * y[yo + 3 * i + 1], y2 = f * y[yo + 3 * i + 2];
            int row = bo + i * mk;
            for (int l = 0; l < mk; l++)
                blocks[row + l] += y0 * w[wo + 3 * l] + y1 * w[wo + 3 * l + 1] + y2 * w[wo + 3 * l + 2];
        }
    }

    // S (lower triangle) = U with its diagonal damped, minus A + A^T, A gathered from the pair blocks
    private void assemble(double lambda) {
        Arrays.fill(acc, 0);
        Arrays.fill(s, 0);
        for (int j = 0; j < cameras; j++) {
            int mj = moving[j], bj = j * Projection.SLOTS;
            for (int i = 0; i < mj; i++)
                for (int l = 0; l <= i; l++) {
                    double value = u[uAt[j] + i * mj + l];
                    s[col[bj + i] * dim + col[bj + l]] += value;
                    if (l != i) s[col[bj + l] * dim + col[bj + i]] += value;
                }
            for (int k = j; k < cameras; k++) {
                int bo = blockAt[j * cameras + k], mk = moving[k], bk = k * Projection.SLOTS;
                if (bo < 0) continue;
                for (int i = 0; i < mj; i++)
                    for (int l = 0; l < mk; l++) acc[col[bj + i] * dim + col[bk + l]] += blocks[bo + i * mk + l];
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < i; j++) s[i * dim + j] -= acc[i * dim + j] + acc[j * dim + i];
            s[i * dim + i] = Math.max(s[i * dim + i], TINY) * (1 + lambda) - 2 * acc[i * dim + i];
        }
    }

    // vinv_t = (V_t with its diagonal times (1 + lambda))^-1 by cofactors
    private boolean invertDamped(int t, double lambda) {
        int o = 9 * t;
        double a = Math.max(v[o], TINY) * (1 + lambda), b = v[o + 1], c = v[o + 2];
        double d = Math.max(v[o + 4], TINY) * (1 + lambda), e = v[o + 5];
        double f = Math.max(v[o + 8], TINY) * (1 + lambda);
        double c00 = d * f - e * e, c01 = c * e - b * f, c02 = b * e - c * d;
        double det = a * c00 + b * c01 + c * c02;
        if (!(det > 0)) return false;
        double id = 1 / det;
        vinv[o] = c00 * id;
        vinv[o + 1] = vinv[o + 3] = c01 * id;
        vinv[o + 2] = vinv[o + 6] = c02 * id;
        vinv[o + 4] = (a * f - c * c) * id;
        vinv[o + 5] = vinv[o + 7] = (b * c - a * e) * id;
        vinv[o + 8] = (a * d - b * b) * id;
        return true;
    }
}
