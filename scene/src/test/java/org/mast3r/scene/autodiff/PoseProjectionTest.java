package org.mast3r.scene.autodiff;

import static org.mast3r.scene.autodiff.GradCheck.Input.param;
import static org.mast3r.scene.autodiff.GradCheck.check;
import static org.mast3r.scene.autodiff.GradCheck.signed;
import static org.mast3r.scene.autodiff.GradCheck.uniform;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A small sparse-alignment loss, end to end: 3 cameras as quaternion + translation with cameras 1 and 2 hanging
 * off 0 and 1 in a chain, focals exp(log f) clipped, 11 points depth * ray moved into the world, reprojected into
 * a second camera with a clipped z, and scored by a confidence-weighted gamma loss (|uv - target| + o)^g - o^g.
 */
// ref: naver/mast3r f5209af mast3r/cloud_opt/sparse_ga.py sparse_scene_optimizer (make_K_cam_depth, loss_2d)
class PoseProjectionTest {
    private static final int CAMS = 3;
    private static final int POINTS = 11;
    private static final int[] PARENT = {0, 0, 1};
    private static final int[] SEEN_IN = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1};
    private static final int[] PROJECTED_INTO = {1, 2, 0, 2, 0, 1, 1, 2, 0, 2, 0};
    private static final double OFFSET = 0.5, GAMMA = 0.7;

    @Test
    void poseProjectionLossMatchesFiniteDifferences() {
        Random rng = new Random(50);
        double[] quats = new double[CAMS * 4];
        for (int c = 0; c < CAMS; c++) {                        // near identity, off the unit sphere
            double[] q = signed(rng, 3, 0, 0.2);
            System.arraycopy(new double[] {q[0], q[1], q[2], 1.2}, 0, quats, 4 * c, 4);
        }
        double[] trans = signed(rng, CAMS * 3, 0, 0.3);
        double[] logFocals = {Math.log(1.5), Math.log(2.5), 2.0};   // the last one clipped at 5
        double[] depth = uniform(rng, POINTS, 2, 4);
        double[] rays = new double[POINTS * 3];
        for (int i = 0; i < POINTS; i++) {
            rays[3 * i] = 0.4 * (rng.nextDouble() - 0.5);
            rays[3 * i + 1] = 0.4 * (rng.nextDouble() - 0.5);
            rays[3 * i + 2] = 1;
        }
        double[] targets = signed(rng, POINTS * 2, 0, 0.5);
        double[] conf = uniform(rng, POINTS, 0.5, 2);

        check("pose projection loss", (t, l) -> loss(t, l.get(0), l.get(1), l.get(2), l.get(3),
                t.leaf(rays, 3, false), t.leaf(targets, 2, false), t.leaf(conf, 1, false)),
                param(quats, 4), param(trans, 3), param(logFocals, 1), param(depth, 1));
    }

    /** quats [C, 4], trans [C, 3], logFocals [C, 1], depth [P, 1], rays [P, 3], targets [P, 2], conf [P, 1]. */
    private static Var loss(Tape t, Var quats, Var trans, Var logFocals, Var depth, Var rays, Var targets, Var conf) {
        Var rot = t.quatToRotation(t.normalizeRows(quats));                       // [C, 9]
        // the chain: a child's translation is its parent's plus the parent's rotation of its own; camera 0 is a root
        Var fromParent = rotate(t, t.gatherRows(rot, PARENT), t.gatherRows(trans, PARENT), false);
        Var camT = t.add(trans, t.mul(fromParent, t.leaf(new double[] {0, 1, 1}, 1, false)));   // [C, 3]
        Var focals = t.clip(t.exp(logFocals), 0.5, 5);                         // [C, 1]

        Var local = t.mul(rays, depth);                                          // [P, 3]
        Var world = t.add(rotate(t, t.gatherRows(rot, SEEN_IN), local, false), t.gatherRows(camT, SEEN_IN));
        Var inOther = rotate(t, t.gatherRows(rot, PROJECTED_INTO),
                t.sub(world, t.gatherRows(camT, PROJECTED_INTO)), true);        // [P, 3]
        Var z = t.clip(t.column(inOther, 2), 0.1, Double.POSITIVE_INFINITY);     // [P, 1]
        Var xy = t.div(t.concatCols(List.of(t.column(inOther, 0), t.column(inOther, 1))), z);
        Var uv = t.add(t.mul(xy, t.gatherRows(focals, PROJECTED_INTO)), t.constant(0.01, -0.02));   // [P, 2]

        Var dist = t.rowNorm(t.sub(uv, targets));                                // [P, 1]
        Var gamma = t.addScalar(t.pow(t.addScalar(dist, OFFSET), GAMMA), -Math.pow(OFFSET, GAMMA));
        return t.div(t.dot(conf, gamma), t.sum(conf));                          // [1, 1]
    }

    /** rot [n, 9] row-major, p [n, 3] -> rot p, or rot^T p when transposed. */
    private static Var rotate(Tape t, Var rot, Var p, boolean transposed) {
        Var[] out = new Var[3];
        for (int i = 0; i < 3; i++) {
            Var sum = null;
            for (int j = 0; j < 3; j++) {
                Var term = t.mul(t.column(rot, transposed ? 3 * j + i : 3 * i + j), t.column(p, j));
                sum = sum == null ? term : t.add(sum, term);
            }
            out[i] = sum;
        }
        return t.concatCols(List.of(out));
    }
}
