package org.mast3r.scene.align;

import java.util.List;
import org.mast3r.geometry.Rotations;
import org.mast3r.geometry.Umeyama;

/**
 * A similarity (s, R, t) taking one set of cameras onto another, fitted on whole poses: R is the rotation
 * nearest to sum_k R_dst,k R_src,k^T (a chordal mean of the orientations), then s and t by least squares on
 * the camera centres with R fixed. This is the multiview fixture's "poses" alignment, and how a scene is
 * moved into the frame of the user's known poses.
 *
 * @param rotation    [9] row-major
 * @param translation [3]
 */
public record CameraAlignment(double scale, double[] rotation, double[] translation) {

    /** {@code src} and {@code dst} cam2w matrices [16] row-major, the same cameras in the same order. */
    public static CameraAlignment fit(List<double[]> src, List<double[]> dst) {
        int n = src.size();
        if (n == 0 || dst.size() != n) throw new IllegalArgumentException("need the same cameras on both sides");
        // trace(R S) with S = sum R_src R_dst^T is sum trace(R_dst^T R R_src): the rotation Horn's method maximises
        double[] s = new double[9];
        for (int k = 0; k < n; k++) {
            double[] rs = rotation(src.get(k)), rd = rotation(dst.get(k));
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    for (int c = 0; c < 3; c++) s[3 * a + b] += rs[3 * a + c] * rd[3 * b + c];
        }
        double[] r = Rotations.fromQuaternion(Umeyama.hornQuaternion(s));
        double[] meanA = new double[3], meanD = new double[3];
        double[][] a = new double[n][];
        for (int k = 0; k < n; k++) {
            a[k] = Rotations.apply(r, centre(src.get(k)));
            double[] d = centre(dst.get(k));
            for (int c = 0; c < 3; c++) {
                meanA[c] += a[k][c] / n;
                meanD[c] += d[c] / n;
            }
        }
        double num = 0, den = 0;
        for (int k = 0; k < n; k++) {
            double[] d = centre(dst.get(k));
            for (int c = 0; c < 3; c++) {
                num += (a[k][c] - meanA[c]) * (d[c] - meanD[c]);
                den += (a[k][c] - meanA[c]) * (a[k][c] - meanA[c]);
            }
        }
        double scale = den > 0 ? num / den : 1;   // one camera: no scale to fit
        double[] t = new double[3];
        for (int c = 0; c < 3; c++) t[c] = meanD[c] - scale * meanA[c];
        return new CameraAlignment(scale, r, t);
    }

    /** The camera moved by this similarity: R R_src and s R C + t. */
    public double[] apply(double[] cam2w) {
        double[] r = Rotations.multiply(rotation, rotation(cam2w));
        double[] c = Rotations.apply(rotation, centre(cam2w));
        double[] out = new double[16];
        for (int row = 0; row < 3; row++) {
            System.arraycopy(r, 3 * row, out, 4 * row, 3);
            out[4 * row + 3] = scale * c[row] + translation[row];
        }
        out[15] = 1;
        return out;
    }

    /** The angle (degrees) between the moved {@code src} camera's orientation and {@code dst}'s. */
    public double rotationErrorDeg(double[] src, double[] dst) {
        return Rotations.angleDeg(rotation(apply(src)), rotation(dst));
    }

    /** |s R C_src + t - C_dst|. */
    public double centreError(double[] src, double[] dst) {
        double[] a = centre(apply(src)), d = centre(dst);
        return Math.sqrt((a[0] - d[0]) * (a[0] - d[0]) + (a[1] - d[1]) * (a[1] - d[1]) + (a[2] - d[2]) * (a[2] - d[2]));
    }

    /** The largest distance between two camera centres. */
    public static double span(List<double[]> cam2w) {
        double span = 0;
        for (double[] a : cam2w) {
            for (double[] b : cam2w) {
                double[] ca = centre(a), cb = centre(b);
                span = Math.max(span, Math.sqrt((ca[0] - cb[0]) * (ca[0] - cb[0]) + (ca[1] - cb[1]) * (ca[1] - cb[1]) + (ca[2] - cb[2]) * (ca[2] - cb[2])));
            }
        }
        return span;
    }

    public static double[] rotation(double[] cam2w) {
        return new double[] {cam2w[0], cam2w[1], cam2w[2], cam2w[4], cam2w[5], cam2w[6], cam2w[8], cam2w[9], cam2w[10]};
    }

    public static double[] centre(double[] cam2w) {
        return new double[] {cam2w[3], cam2w[7], cam2w[11]};
    }
}
