package org.mast3r.scene.refine;

/**
 * The pinhole projection of one world point by one camera of a {@link CameraArray}, its residual
 * (projected - observed, pixels) and analytic Jacobians.
 * <p>With d = X - C, X_cam = R d = (x, y, z) and u = fx x/z + cx, v = fy y/z + cy:
 * du/dX_cam = (fx/z, 0, -fx x/z^2), dv/dX_cam = (0, fy/z, -fy y/z^2);
 * the rotation moves on the left, R <- exp([w]x) R, so dX_cam/dw = -[X_cam]x at w = 0;
 * dX_cam/dC = -R, dX_cam/dX = R; the focal increment adds to fx and fy: du/df = x/z, dv/df = y/z;
 * du/dcx = dv/dcy = 1.
 */
final class Projection {
    /** Camera slots of {@code jCam}: rotation increment (3), centre (3), focal (1), principal point (2). */
    static final int SLOTS = 9, W = 0, CENTRE = 3, FOCAL = 6, PP = 7;

    private Projection() {}

    /** res [2] = projection of point t of {@code pts} [T,3] by camera j minus (ox, oy); returns the depth z (<= 0: behind). */
    static double residual(double[] cams, int j, double[] pts, int t, double ox, double oy, double[] res) {
        int o = CameraArray.STRIDE * j;
        double dx = pts[3 * t] - cams[o + 9], dy = pts[3 * t + 1] - cams[o + 10], dz = pts[3 * t + 2] - cams[o + 11];
        double x = cams[o] * dx + cams[o + 1] * dy + cams[o + 2] * dz;
        double y = cams[o + 3] * dx + cams[o + 4] * dy + cams[o + 5] * dz;
        double z = cams[o + 6] * dx + cams[o + 7] * dy + cams[o + 8] * dz;
        res[0] = cams[o + CameraArray.FX] * x / z + cams[o + CameraArray.CX] - ox;
        res[1] = cams[o + CameraArray.FY] * y / z + cams[o + CameraArray.CY] - oy;
        return z;
    }

    /**
     * As {@link #residual}, and the Jacobians of res: {@code jCam} [2,9] over the camera slots,
     * {@code jPt} [2,3] over the point. Nothing is written past res when z <= 0.
     */
    static double linearise(double[] cams, int j, double[] pts, int t, double ox, double oy,
                            double[] res, double[] jCam, double[] jPt) {
        int o = CameraArray.STRIDE * j;
        double dx = pts[3 * t] - cams[o + 9], dy = pts[3 * t + 1] - cams[o + 10], dz = pts[3 * t + 2] - cams[o + 11];
        double x = cams[o] * dx + cams[o + 1] * dy + cams[o + 2] * dz;
        double y = cams[o + 3] * dx + cams[o + 4] * dy + cams[o + 5] * dz;
        double z = cams[o + 6] * dx + cams[o + 7] * dy + cams[o + 8] * dz;
        double fx = cams[o + CameraArray.FX], fy = cams[o + CameraArray.FY];
        double iz = 1 / z, xn = x * iz, yn = y * iz;
        res[0] = fx * xn + cams[o + CameraArray.CX] - ox;
        res[1] = fy * yn + cams[o + CameraArray.CY] - oy;
        if (!(z > 0)) return z;
        double a0 = fx * iz, a2 = -fx * xn * iz;   // du/dX_cam = (a0, 0, a2)
        double b1 = fy * iz, b2 = -fy * yn * iz;   // dv/dX_cam = (0, b1, b2)
        // -[X_cam]x = [[0, z, -y], [-z, 0, x], [y, -x, 0]]
        jCam[W] = a2 * y;
        jCam[W + 1] = a0 * z - a2 * x;
        jCam[W + 2] = -a0 * y;
        jCam[SLOTS + W] = -b1 * z + b2 * y;
        jCam[SLOTS + W + 1] = -b2 * x;
        jCam[SLOTS + W + 2] = b1 * x;
        for (int c = 0; c < 3; c++) {
            double du = a0 * cams[o + c] + a2 * cams[o + 6 + c], dv = b1 * cams[o + 3 + c] + b2 * cams[o + 6 + c];
            jPt[c] = du;
            jPt[3 + c] = dv;
            jCam[CENTRE + c] = -du;
            jCam[SLOTS + CENTRE + c] = -dv;
        }
        jCam[FOCAL] = xn;
        jCam[SLOTS + FOCAL] = yn;
        jCam[PP] = 1;
        jCam[PP + 1] = 0;
        jCam[SLOTS + PP] = 0;
        jCam[SLOTS + PP + 1] = 1;
        return z;
    }
}
