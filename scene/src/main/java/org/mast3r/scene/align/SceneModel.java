package org.mast3r.scene.align;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.scene.autodiff.Tape;
import org.mast3r.scene.autodiff.Var;

/**
 * The differentiable scene of one iteration: intrinsics, camera poses chained along the kinematic tree,
 * anchor depth maps and every anchored match point in the world, all built on a fresh tape from the
 * current parameters.
 */
// ref: mast3r/cloud_opt/sparse_ga.py make_K_cam_depth (depth_mode 'add'), make_pts3d, proj3d (naver/mast3r f5209af)
final class SceneModel {
    final Var[] focal;   // per image [1,1], exp(log focal) clipped to [0.25, 10] x the image diagonal
    final Var[] pp;      // per image [1,2], over the image size
    final Var[] rot;     // per image [3,3] camera-to-world rotation
    final Var[] centre;  // per image [1,3] camera-to-world translation
    final Var[] depth;   // per image [h*w, 1] anchor depths
    final Var[] pts;     // per image [M_k, 3] anchored match points, world frame
    private final SceneConstants constants;

    /** Every parameter array of this iteration with its leaf (one leaf per array: shared intrinsics sum their gradients). */
    final Map<double[], Var> leaves = new IdentityHashMap<>();

    /** Which parameter families get gradients in this stage. */
    record Trainable(boolean pose, boolean[] focal, boolean[] pp, boolean depth) {}

    SceneModel(Tape tape, SceneData data, SceneConstants c, CameraParams p, KinematicTree tree, Trainable train) {
        int n = data.images();
        constants = c;
        focal = new Var[n];
        pp = new Var[n];
        rot = new Var[n];
        centre = new Var[n];
        depth = new Var[n];
        pts = new Var[n];
        Var[] size = new Var[n], relRot = new Var[n], relTrans = new Var[n];
        for (int k = 0; k < n; k++) {
            Var logF = leaf(tape, p.logFocal()[k], 1, train.focal()[k]);
            focal[k] = tape.clip(tape.exp(logF), c.minFocal[k], c.maxFocal[k]);
            pp[k] = leaf(tape, p.pp()[k], 2, train.pp()[k]);
            size[k] = tape.exp(leaf(tape, p.logSize()[k], 1, train.pose()));
            relRot[k] = tape.reshape(tape.quatToRotation(tape.normalizeRows(leaf(tape, p.quat()[k], 4, train.pose()))), 3);
            relTrans[k] = leaf(tape, p.trans()[k], 3, train.pose());
        }
        // "security! optimization is always trying to crush the scale down": divide by the smallest scale
        Var globalScaling = tape.div(tape.constant(1), smallest(tape, size));

        // the cameras as a kinematic chain: cam2w_j = cam2w_i @ rel_j along each (parent i, child j) edge
        Var[] chainRot = new Var[n], chainTrans = new Var[n];
        chainRot[tree.root()] = relRot[tree.root()];
        chainTrans[tree.root()] = relTrans[tree.root()];
        for (int[] e : tree.edges()) {
            int i = e[0], j = e[1];
            chainRot[j] = tape.matmul(chainRot[i], relRot[j]);
            chainTrans[j] = tape.add(chainTrans[i], tape.matmul(relTrans[j], tape.transpose(chainRot[i])));
        }
        for (int k = 0; k < n; k++) {
            // z_cameras: the distance of the camera to its focal plane, sizes * median depth * focal / base focal
            Var zCam = tape.mul(tape.scale(size[k], c.medianDepth[k] / c.baseFocal[k]), focal[k]);
            // smart reparameterisation: the pose is that of the image's centre at depth z_cam, not of the camera
            Var shift = tape.div(tape.mul(tape.constant(c.width[k], c.height[k]), tape.addScalar(tape.neg(pp[k]), 0.5)), focal[k]);
            Var offset = tape.mul(tape.concatCols(List.of(shift, tape.constant(1))), zCam);                   // [1,3]
            rot[k] = chainRot[k];
            centre[k] = tape.mul(tape.sub(chainTrans[k], tape.matmul(offset, tape.transpose(chainRot[k]))), globalScaling);
            Var core = leaf(tape, p.coreDepth()[k], 1, train.depth());
            Var spread = tape.scale(size[k], c.medianDepth[k]);
            depth[k] = tape.mul(tape.add(tape.mul(tape.addScalar(core, -1), spread), zCam), globalScaling);   // [h*w,1]
            pts[k] = anchoredPoints(tape, data.anchors().get(k), c.baseFocal[k], k, c);
        }
    }

    private Var leaf(Tape tape, double[] value, int cols, boolean trainable) {
        return leaves.computeIfAbsent(value, v -> tape.leaf(v, cols, trainable));
    }

    /** make_pts3d: depth[anchor] x focal-compensated offset along each pixel's ray, then into the world. */
    private Var anchoredPoints(Tape tape, ImageAnchors a, double baseFocal, int k, SceneConstants c) {
        Var z = tape.mul(tape.gatherRows(depth[k], a.anchor()),
                tape.addScalar(tape.mul(tape.leaf(c.offsetMinusOne[k], 1, false), tape.div(tape.constant(baseFocal), focal[k])), 1));
        Var cx = tape.scale(tape.column(pp[k], 0), c.width[k]), cy = tape.scale(tape.column(pp[k], 1), c.height[k]);
        Var rayX = tape.div(tape.sub(tape.leaf(c.pixelX[k], 1, false), cx), focal[k]);
        Var rayY = tape.div(tape.sub(tape.leaf(c.pixelY[k], 1, false), cy), focal[k]);
        Var local = tape.concatCols(List.of(tape.mul(z, rayX), tape.mul(z, rayY), z));                    // [M,3]
        return tape.add(tape.matmul(local, tape.transpose(rot[k])), centre[k]);
    }

    /** sizes.min(): torch sends the gradient of a tied minimum evenly to every tied element. */
    private static Var smallest(Tape tape, Var[] size) {
        double min = Double.POSITIVE_INFINITY;
        for (Var s : size) min = Math.min(min, s.item());
        List<Var> tied = new ArrayList<>();
        for (Var s : size) if (s.item() == min) tied.add(s);
        Var sum = tied.get(0);
        for (int t = 1; t < tied.size(); t++) sum = tape.add(sum, tied.get(t));
        return tape.scale(sum, 1.0 / tied.size());
    }

    double width(int k) {
        return constants.width[k];
    }

    double height(int k) {
        return constants.height[k];
    }

    /** K [9] row-major of image k. */
    double[] intrinsics(int k) {
        double f = focal[k].item();
        double[] q = pp[k].value();
        return new double[] {f, 0, q[0] * width(k), 0, f, q[1] * height(k), 0, 0, 1};
    }

    /** cam2w [16] row-major of image k. */
    double[] cam2w(int k) {
        double[] r = rot[k].value(), t = centre[k].value();
        return new double[] {r[0], r[1], r[2], t[0], r[3], r[4], r[5], t[1], r[6], r[7], r[8], t[2], 0, 0, 0, 1};
    }
}
