package org.mast3r.scene.align;

import java.util.ArrayList;
import java.util.List;

/**
 * SparseGA.get_dense_pts3d: every pixel's depth from the optimised sparse depth of its anchor and the
 * canonical view's relative depth, then its 3D point; optionally cleaned by {@link CleanPointcloud}.
 *
 * <p>The anchors are the pixels (s/2 + s·ax, s/2 + s·ay) of the grid np.mgrid[s//2:H:s, s//2:W:s]
 * (H2 x W2 of them); pixel (x, y) belongs to the anchor (y // s)·W2 + x // s, and its depth is
 * <pre>
 *   offset = canon2[y, x] / canon2[anchor pixel]
 *   z      = sparse[anchor] · (1 + (offset - 1) · base_focal / focal)       (focal = K[0, 0])
 * </pre>
 * all in float32 as the reference computes it, so the depths come out bit for bit given the same inputs.
 */
// ref: mast3r/cloud_opt/sparse_ga.py SparseGA.get_dense_pts3d, anchor_depth_offsets, make_pts3d, proj3d
//      (naver/mast3r f5209af)
public final class DenseDepth {
    private DenseDepth() {}

    /**
     * One image's inputs.
     *
     * @param canon2      [H*W] canonical depth relative to the anchors (canon2 of canonical_view)
     * @param conf        [H*W] canonical confidence
     * @param baseFocal   the canonical view's focal estimate, the one the anchors' offsets were made with
     * @param k           [9] final intrinsics, row-major [[fx, 0, cx], [0, fy, cy], [0, 0, 1]]
     * @param cam2w       [16] final camera-to-world, row-major, last row (0, 0, 0, 1)
     * @param sparseDepth [H2*W2] final depth at the anchors
     */
    public record View(int width, int height, float[] canon2, float[] conf, float baseFocal, float[] k,
                       float[] cam2w, float[] sparseDepth) {
        /** The same with the optimiser's double K and cam2w, rounded to float32 as the reference holds them. */
        public static View of(int width, int height, float[] canon2, float[] conf, float baseFocal, double[] k,
                              double[] cam2w, float[] sparseDepth) {
            return new View(width, height, canon2, conf, baseFocal, floats(k), floats(cam2w), sparseDepth);
        }

        private static float[] floats(double[] values) {
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) out[i] = (float) values[i];
            return out;
        }
    }

    /** Per image: points [H*W*3] in world coordinates, depth [H*W] (camera z), conf [H*W]. */
    public record Dense(List<float[]> points, List<float[]> depth, List<float[]> conf) {}

    /** get_dense_pts3d(clean_depth, subsample): the confidences are the views' own unless cleaned. */
    public static Dense densify(List<View> views, int subsample, boolean cleanDepth) {
        List<float[]> points = new ArrayList<>(), depth = new ArrayList<>(), conf = new ArrayList<>();
        for (View v : views) {
            float[] z = depth(v, subsample);
            depth.add(z);
            points.add(points(v, z));
            conf.add(v.conf());
        }
        if (cleanDepth) conf = CleanPointcloud.apply(views, depth, points, CleanPointcloud.TOL, CleanPointcloud.BAD_CONF);
        return new Dense(points, depth, conf);
    }

    /** [H*W] camera z of every pixel (float32, the reference's operations). */
    public static float[] depth(View v, int s) {
        int w = v.width(), h = v.height();
        int w2 = gridSize(w, s), h2 = gridSize(h, s);
        if (v.canon2().length != w * h) throw new IllegalArgumentException("canon2 must be [" + h + " x " + w + "]");
        if (v.sparseDepth().length != w2 * h2) {
            throw new IllegalArgumentException("the sparse depth must be [" + h2 + " x " + w2 + "] for a " + w + "x"
                    + h + " image and subsample " + s + ", got " + v.sparseDepth().length + " values");
        }
        // ref: anchor_depth_offsets: core_idx = (py // s) * W2 + px // s, which leaves the grid on a last
        // column or row of pixels beyond the last anchor's block (W or H not a multiple of s, e.g. 252 / 8)
        if ((w - 1) / s >= w2 || (h - 1) / s >= h2) {
            throw new IllegalArgumentException("a " + w + "x" + h + " image has pixels beyond its last " + s + "x" + s
                    + " anchor block");
        }
        // ref: make_pts3d: offsets = 1 + (offsets - 1) * (base_focals[img] / focals[img]), float32 tensors
        float ratio = v.baseFocal() / v.k()[0];
        float[] canon2 = v.canon2(), sparse = v.sparseDepth();
        float[] z = new float[w * h];
        for (int y = 0; y < h; y++) {
            int ay = y / s;
            int anchorRow = (s / 2 + s * ay) * w;
            for (int x = 0; x < w; x++) {
                int ax = x / s;
                float offset = canon2[y * w + x] / canon2[anchorRow + s / 2 + s * ax];
                z[y * w + x] = sparse[ay * w2 + ax] * (1f + (offset - 1f) * ratio);
            }
        }
        return z;
    }

    /**
     * [H*W*3] world points cam2w · (z (x - cx) / fx, z (y - cy) / fy, z), as the reference forms them: in the
     * camera z (x·iK00 + iK02) with iK = K^-1 in float32, then the rotation (a float32 matmul; here each dot
     * product in double, rounded once) plus the translation in float32.
     */
    public static float[] points(View v, float[] z) {
        float[] k = v.k(), m = v.cam2w();
        checkPinhole(k);
        checkRigidRow(m);
        // LAPACK's inverse of the pinhole K: 1/fx, -cx/fx, each rounded once (its last bit may differ)
        float ik00 = (float) (1.0 / k[0]), ik02 = (float) (-(double) k[2] / k[0]);
        float ik11 = (float) (1.0 / k[4]), ik12 = (float) (-(double) k[5] / k[4]);
        int w = v.width(), h = v.height();
        float[] pts = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            float ry = y * ik11 + ik12;
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float zc = z[p];
                float xc = zc * (x * ik00 + ik02), yc = zc * ry;
                for (int r = 0; r < 3; r++) {
                    pts[3 * p + r] = (float) ((double) m[4 * r] * xc + (double) m[4 * r + 1] * yc
                            + (double) m[4 * r + 2] * zc) + m[4 * r + 3];
                }
            }
        }
        return pts;
    }

    /** How many anchors np.mgrid[s//2:n:s] puts along a side of n pixels. */
    static int gridSize(int n, int s) {
        if (s < 1) throw new IllegalArgumentException("subsample must be at least 1, got " + s);
        return n > s / 2 ? (n - s / 2 + s - 1) / s : 0;
    }

    static void checkPinhole(float[] k) {
        if (k.length != 9 || k[1] != 0 || k[3] != 0 || k[6] != 0 || k[7] != 0 || k[8] != 1) {
            throw new IllegalArgumentException("K must be [[fx, 0, cx], [0, fy, cy], [0, 0, 1]]");
        }
    }

    static void checkRigidRow(float[] m) {
        if (m.length != 16 || m[12] != 0 || m[13] != 0 || m[14] != 0 || m[15] != 1) {
            throw new IllegalArgumentException("cam2w must be a 4x4 matrix with last row (0, 0, 0, 1)");
        }
    }
}
