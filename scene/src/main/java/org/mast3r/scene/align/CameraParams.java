package org.mast3r.scene.align;

/**
 * The optimiser's parameters as plain arrays (Adam updates them in place; each iteration's tape reads them
 * as leaves). With shared intrinsics every image holds the same {@code pp} and {@code logFocal} arrays.
 *
 * @param pp        per image [2]: principal point over the image size (0.5, 0.5 is the centre)
 * @param logFocal  per image [1]
 * @param quat      per image [4] XYZW: the rotation relative to its parent in the kinematic tree
 * @param trans     per image [3]: the translation relative to its parent
 * @param logSize   per image [1]: the log of the image's depth scale
 * @param coreDepth per image [h*w]: anchor depths over their median
 */
// ref: mast3r/cloud_opt/sparse_ga.py sparse_scene_optimizer, the nn.Parameter lists (naver/mast3r f5209af)
record CameraParams(double[][] pp, double[][] logFocal, double[][] quat, double[][] trans, double[][] logSize,
                    double[][] coreDepth) {

    static CameraParams initial(int n) {
        double[][] quat = new double[n][], trans = new double[n][], logSize = new double[n][];
        for (int k = 0; k < n; k++) {
            quat[k] = new double[] {0, 0, 0, 1};
            trans[k] = new double[3];
            logSize[k] = new double[1];
        }
        return new CameraParams(new double[n][], new double[n][], quat, trans, logSize, new double[n][]);
    }

    /** After each step the reference divides every quaternion by its norm, to keep the pose well optimisable. */
    void normalizeQuaternions() {
        for (double[] q : quat) {
            double norm = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
            for (int c = 0; c < 4; c++) q[c] /= norm;
        }
    }
}
