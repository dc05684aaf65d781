package org.mast3r.geometry;

/**
 * 3x3 rotations as row-major {@code double[9]}, with the few operations the solvers share: products,
 * the exponential map (Rodrigues), unit quaternions {@code [w, x, y, z]} and the angle between two.
 */
public final class Rotations {
    private Rotations() {}

    public static double[] identity() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /** a * b. */
    public static double[] multiply(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
        return c;
    }

    public static double[] transpose(double[] a) {
        return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
    }

    /** r * v for a 3-vector. */
    public static double[] apply(double[] r, double[] v) {
        return new double[] {
            r[0] * v[0] + r[1] * v[1] + r[2] * v[2],
            r[3] * v[0] + r[4] * v[1] + r[5] * v[2],
            r[6] * v[0] + r[7] * v[1] + r[8] * v[2]};
    }

    /** exp([w]x): the rotation by |w| radians about w (Rodrigues), second-order series near zero. */
    public static double[] exp(double wx, double wy, double wz) {
        double th2 = wx * wx + wy * wy + wz * wz;
        double a, b;
        if (th2 < 1e-16) {
            a = 1 - th2 / 6;
            b = 0.5 - th2 / 24;
        } else {
            double th = Math.sqrt(th2);
            a = Math.sin(th) / th;
            b = (1 - Math.cos(th)) / th2;
        }
        return new double[] {
            1 - b * (wy * wy + wz * wz), -a * wz + b * wx * wy, a * wy + b * wx * wz,
            a * wz + b * wx * wy, 1 - b * (wx * wx + wz * wz), -a * wx + b * wy * wz,
            -a * wy + b * wx * wz, a * wx + b * wy * wz, 1 - b * (wx * wx + wy * wy)};
    }

    /** The rotation of a unit quaternion {@code [w, x, y, z]} (normalised here). */
    public static double[] fromQuaternion(double[] q) {
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
    }

    /**
     * The unit quaternion {@code [w, x, y, z]} of a rotation, with w >= 0. Shepperd's rule: take the
     * square root of the largest of the four diagonal combinations, so no division is by a small number.
     */
    public static double[] toQuaternion(double[] r) {
        double tr = r[0] + r[4] + r[8];
        double w, x, y, z;
        if (tr >= r[0] && tr >= r[4] && tr >= r[8]) {
            double s = 2 * Math.sqrt(Math.max(0, 1 + tr));
            w = s / 4; x = (r[7] - r[5]) / s; y = (r[2] - r[6]) / s; z = (r[3] - r[1]) / s;
        } else if (r[0] >= r[4] && r[0] >= r[8]) {
            double s = 2 * Math.sqrt(Math.max(0, 1 + r[0] - r[4] - r[8]));
            w = (r[7] - r[5]) / s; x = s / 4; y = (r[1] + r[3]) / s; z = (r[2] + r[6]) / s;
        } else if (r[4] >= r[8]) {
            double s = 2 * Math.sqrt(Math.max(0, 1 + r[4] - r[0] - r[8]));
            w = (r[2] - r[6]) / s; x = (r[1] + r[3]) / s; y = s / 4; z = (r[5] + r[7]) / s;
        } else {
            double s = 2 * Math.sqrt(Math.max(0, 1 + r[8] - r[0] - r[4]));
            w = (r[3] - r[1]) / s; x = (r[2] + r[6]) / s; y = (r[5] + r[7]) / s; z = s / 4;
        }
        double n = Math.sqrt(w * w + x * x + y * y + z * z) * (w < 0 ? -1 : 1);
        return new double[] {w / n, x / n, y / n, z / n};
    }

    /**
     * The angle of a^T b in degrees: atan2 of the skew part's norm (2 sin) and trace - 1 (2 cos), which
     * stays accurate near 0 where acos of the trace loses half the digits.
     */
    public static double angleDeg(double[] a, double[] b) {
        double[] m = multiply(transpose(a), b);
        double sx = m[7] - m[5], sy = m[2] - m[6], sz = m[3] - m[1];
        return Math.toDegrees(Math.atan2(Math.sqrt(sx * sx + sy * sy + sz * sz), m[0] + m[4] + m[8] - 1));
    }

    /** The angle between two 3-vectors in degrees (atan2 of |a x b| and a.b: accurate near 0). */
    public static double vectorAngleDeg(double[] a, double[] b) {
        double cx = a[1] * b[2] - a[2] * b[1], cy = a[2] * b[0] - a[0] * b[2], cz = a[0] * b[1] - a[1] * b[0];
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        return Math.toDegrees(Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), dot));
    }
}
