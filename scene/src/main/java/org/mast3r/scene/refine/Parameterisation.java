package org.mast3r.scene.refine;

import java.util.Arrays;
import org.mast3r.geometry.Rotations;

/**
 * Which camera quantities move, where each sits in the reduced camera system, and how a step moves them.
 * Each camera has the {@link Projection} slots: rotation increment (3, on the left of the world-to-camera
 * R), centre (3), focal increment (1, added to fx and fy), principal point (2). {@code cols} [N,9] holds
 * each slot's column in the reduced system, or -1 where the quantity is held: a known pose or known
 * intrinsics, a focal or principal point not refined, every quantity of a camera that sees no track.
 * With shared intrinsics all moving cameras have one focal column (and one principal point pair).
 * <p>Gauge: a similarity of the world (7 dof) changes no pixel, so one member of that family is chosen.
 * The anchor's pose is held: the first known pose, else the first camera that sees a track. Unless a
 * second known pose with another centre pins the scale, the scale camera (the first other moving camera
 * whose centre is not the anchor's) keeps its distance to the anchor: its centre moves on the sphere
 * about the anchor's centre, with two tangent slots and the third held. Any solution maps onto one of this
 * form by a similarity, so the pixel errors reached are those of the free problem. A scene whose tracks
 * split into parts that share no camera keeps a free gauge per extra part, left to LM's damping.
 */
final class Parameterisation {
    final int[] cols;
    final int dim;
    final int anchor;
    final int scaleCamera;
    private final boolean[] poseMoves;
    private final double radius;
    private final boolean shared;

    private Parameterisation(int[] cols, int dim, int anchor, int scaleCamera, boolean[] poseMoves, double radius, boolean shared) {
        this.cols = cols;
        this.dim = dim;
        this.anchor = anchor;
        this.scaleCamera = scaleCamera;
        this.poseMoves = poseMoves;
        this.radius = radius;
        this.shared = shared;
    }

    /** {@code seen} [N]: cameras with at least one observation. */
    static Parameterisation of(double[] cams, boolean[] seen, BundleOptions options) {
        int n = seen.length;
        int anchor = -1;
        for (int j = 0; j < n && anchor < 0; j++) if (seen[j] && options.fixedPoses().contains(j)) anchor = j;
        boolean scalePinned = false;
        if (anchor >= 0) {
            for (int j = 0; j < n; j++)
                if (seen[j] && options.fixedPoses().contains(j) && distance(cams, j, anchor) > 0) scalePinned = true;
        } else {
            for (int j = 0; j < n && anchor < 0; j++) if (seen[j]) anchor = j;
        }
        boolean[] poseMoves = new boolean[n];
        for (int j = 0; j < n; j++) poseMoves[j] = seen[j] && j != anchor && !options.fixedPoses().contains(j);
        int scaleCamera = -1;
        for (int j = 0; j < n && !scalePinned && scaleCamera < 0; j++)
            if (poseMoves[j] && distance(cams, j, anchor) > 0) scaleCamera = j;

        int[] cols = new int[n * Projection.SLOTS];
        Arrays.fill(cols, -1);
        int dim = 0, sharedFocal = -1, sharedPp = -1;
        for (int j = 0; j < n; j++) {
            int o = j * Projection.SLOTS;
            if (poseMoves[j])
                for (int s = 0; s < 6; s++) if (!(j == scaleCamera && s == Projection.CENTRE + 2)) cols[o + s] = dim++;
            boolean intrinsicsMove = seen[j] && !options.fixedIntrinsics().contains(j);
            if (intrinsicsMove && options.refineFocal()) {
                if (!options.sharedIntrinsics()) cols[o + Projection.FOCAL] = dim++;
                else cols[o + Projection.FOCAL] = sharedFocal >= 0 ? sharedFocal : (sharedFocal = dim++);
            }
            if (intrinsicsMove && options.refinePrincipalPoint()) {
                if (!options.sharedIntrinsics() || sharedPp < 0) {
                    cols[o + Projection.PP] = dim++;
                    cols[o + Projection.PP + 1] = dim++;
                    if (options.sharedIntrinsics()) sharedPp = cols[o + Projection.PP];
                } else {
                    cols[o + Projection.PP] = sharedPp;
                    cols[o + Projection.PP + 1] = sharedPp + 1;
                }
            }
        }
        double radius = scaleCamera >= 0 ? distance(cams, scaleCamera, anchor) : 0;
        return new Parameterisation(cols, dim, anchor, scaleCamera, poseMoves, radius, options.sharedIntrinsics());
    }

    boolean poseMoves(int j) {
        return poseMoves[j];
    }

    boolean focalMoves(int j) {
        return cols[j * Projection.SLOTS + Projection.FOCAL] >= 0;
    }

    boolean principalPointMoves(int j) {
        return cols[j * Projection.SLOTS + Projection.PP] >= 0;
    }

    /**
     * The values the solver starts from: moving rotations made exactly orthonormal (a quaternion round
     * trip; input poses are often float), and shared intrinsics set to the mean of the cameras sharing them.
     */
    double[] start(double[] cams) {
        double[] out = cams.clone();
        int n = poseMoves.length;
        for (int j = 0; j < n; j++) {
            if (!poseMoves[j]) continue;
            double[] r = Rotations.fromQuaternion(Rotations.toQuaternion(Arrays.copyOfRange(cams, CameraArray.STRIDE * j, CameraArray.STRIDE * j + 9)));
            System.arraycopy(r, 0, out, CameraArray.STRIDE * j, 9);
        }
        if (shared) {
            share(out, Projection.FOCAL, CameraArray.FX, CameraArray.FY);
            share(out, Projection.PP, CameraArray.CX, CameraArray.CY);
        }
        return out;
    }

    /**
     * {@code out} = {@code cams} moved by {@code step} [dim]: R <- exp([w]x) R, C <- C + dC (on the scale
     * camera C <- A + r (C - A + B dC) / |C - A + B dC| with B its tangent basis), fx, fy <- + df, cx, cy <- + dc.
     */
    void apply(double[] cams, double[] step, double[] out) {
        System.arraycopy(cams, 0, out, 0, cams.length);
        double[] basis = new double[6];
        for (int j = 0; j < poseMoves.length; j++) {
            int o = CameraArray.STRIDE * j, s = j * Projection.SLOTS;
            if (poseMoves[j]) {
                double[] r = Rotations.multiply(
                        Rotations.exp(at(step, s), at(step, s + 1), at(step, s + 2)), Arrays.copyOfRange(cams, o, o + 9));
                System.arraycopy(r, 0, out, o, 9);
                if (j != scaleCamera) {
                    for (int a = 0; a < 3; a++) out[o + CameraArray.C + a] += at(step, s + Projection.CENTRE + a);
                } else {
                    tangentBasis(cams, basis);
                    int oa = CameraArray.STRIDE * anchor;
                    double[] d = new double[3];
                    double norm = 0;
                    for (int a = 0; a < 3; a++) {
                        d[a] = cams[o + CameraArray.C + a] - cams[oa + CameraArray.C + a]
                                + basis[a] * at(step, s + Projection.CENTRE) + basis[3 + a] * at(step, s + Projection.CENTRE + 1);
                        norm += d[a] * d[a];
                    }
                    norm = Math.sqrt(norm);
                    for (int a = 0; a < 3; a++) out[o + CameraArray.C + a] = cams[oa + CameraArray.C + a] + radius * d[a] / norm;
                }
            }
            double df = at(step, s + Projection.FOCAL), dcx = at(step, s + Projection.PP), dcy = at(step, s + Projection.PP + 1);
            out[o + CameraArray.FX] += df;
            out[o + CameraArray.FY] += df;
            out[o + CameraArray.CX] += dcx;
            out[o + CameraArray.CY] += dcy;
        }
    }

    /**
     * Two unit vectors [2,3] orthogonal to each other and to the scale camera's direction from the anchor:
     * the centre's two slots move along them (unit speed at zero step).
     */
    void tangentBasis(double[] cams, double[] out) {
        int o = CameraArray.STRIDE * scaleCamera, oa = CameraArray.STRIDE * anchor;
        double[] u = new double[3];
        double norm = distance(cams, scaleCamera, anchor);
        for (int a = 0; a < 3; a++) u[a] = (cams[o + CameraArray.C + a] - cams[oa + CameraArray.C + a]) / norm;
        // cross u with the axis it is least aligned with
        int axis = Math.abs(u[0]) <= Math.abs(u[1]) && Math.abs(u[0]) <= Math.abs(u[2]) ? 0 : Math.abs(u[1]) <= Math.abs(u[2]) ? 1 : 2;
        double[] e = new double[3];
        e[axis] = 1;
        double[] b1 = cross(u, e);
        double n1 = Math.sqrt(b1[0] * b1[0] + b1[1] * b1[1] + b1[2] * b1[2]);
        for (int a = 0; a < 3; a++) b1[a] /= n1;
        double[] b2 = cross(u, b1);
        System.arraycopy(b1, 0, out, 0, 3);
        System.arraycopy(b2, 0, out, 3, 3);
    }

    // the cameras whose slot has a column share it: their two values start at the mean
    private void share(double[] cams, int slot, int first, int second) {
        int n = poseMoves.length, count = 0;
        double m1 = 0, m2 = 0;
        for (int j = 0; j < n; j++) {
            if (cols[j * Projection.SLOTS + slot] < 0) continue;
            m1 += cams[CameraArray.STRIDE * j + first];
            m2 += cams[CameraArray.STRIDE * j + second];
            count++;
        }
        for (int j = 0; j < n; j++) {
            if (cols[j * Projection.SLOTS + slot] < 0) continue;
            cams[CameraArray.STRIDE * j + first] = m1 / count;
            cams[CameraArray.STRIDE * j + second] = m2 / count;
        }
    }

    private double at(double[] step, int slot) {
        int c = cols[slot];
        return c >= 0 ? step[c] : 0;
    }

    private static double distance(double[] cams, int i, int j) {
        double s = 0;
        for (int a = 0; a < 3; a++) {
            double d = cams[CameraArray.STRIDE * i + CameraArray.C + a] - cams[CameraArray.STRIDE * j + CameraArray.C + a];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
