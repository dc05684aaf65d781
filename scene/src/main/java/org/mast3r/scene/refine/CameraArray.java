package org.mast3r.scene.refine;

import java.util.List;

/**
 * Cameras as one flat [N,16] double array, the layout the solver's loops read: per camera the
 * world-to-camera rotation R (9, row-major, the transpose of cam2w's), the centre C (3), fx, fy, cx, cy.
 * A world point X is seen at X_cam = R (X - C), pixel (fx x/z + cx, fy y/z + cy).
 */
final class CameraArray {
    static final int STRIDE = 16, C = 9, FX = 12, FY = 13, CX = 14, CY = 15;

    private CameraArray() {}

    /** The input cameras as given: no re-orthonormalisation, so a held camera projects exactly as passed. */
    static double[] pack(List<Camera> cameras) {
        double[] out = new double[STRIDE * cameras.size()];
        for (int j = 0; j < cameras.size(); j++) {
            double[] k = cameras.get(j).K(), m = cameras.get(j).cam2w();
            if (k[1] != 0 || k[3] != 0 || k[6] != 0 || k[7] != 0 || k[8] != 1 || !(k[0] > 0) || !(k[4] > 0))
                throw new IllegalArgumentException("camera " + j + ": K must be [[fx, 0, cx], [0, fy, cy], [0, 0, 1]] with fx, fy > 0");
            int o = STRIDE * j;
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++) out[o + 3 * r + c] = m[4 * c + r];
            out[o + C] = m[3];
            out[o + C + 1] = m[7];
            out[o + C + 2] = m[11];
            out[o + FX] = k[0];
            out[o + FY] = k[4];
            out[o + CX] = k[2];
            out[o + CY] = k[5];
        }
        return out;
    }

    /** K of camera j: the input's with (fx, fy) and (cx, cy) replaced where they moved. */
    static double[] intrinsics(double[] cams, int j, double[] inputK, boolean focalMoved, boolean centreMoved) {
        double[] k = inputK.clone();
        int o = STRIDE * j;
        if (focalMoved) {
            k[0] = cams[o + FX];
            k[4] = cams[o + FY];
        }
        if (centreMoved) {
            k[2] = cams[o + CX];
            k[5] = cams[o + CY];
        }
        return k;
    }

    /** cam2w [4,4] of camera j: [[R^T, C], [0, 0, 0, 1]]. */
    static double[] cam2w(double[] cams, int j) {
        int o = STRIDE * j;
        double[] m = new double[16];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) m[4 * r + c] = cams[o + 3 * c + r];
            m[4 * r + 3] = cams[o + C + r];
        }
        m[15] = 1;
        return m;
    }
}
