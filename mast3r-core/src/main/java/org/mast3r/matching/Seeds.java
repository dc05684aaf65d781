package org.mast3r.matching;

import java.util.Arrays;

/**
 * Where {@code fast_reciprocal_NNs} starts in map 1: a grid (subsample S: y in S/2::S, x in S/2::S) or
 * explicit (x, y) init points. Either way the start set is the sorted unique flat indices
 * {@code y*W + x} (the reference's {@code np.unique(x + W*y)}).
 * // ref: mast3r/fast_nn.py fast_reciprocal_NNs (start points)
 */
public sealed interface Seeds {
    /** Grid seeds: up to 10 round trips; needs pixel_tol 0. */
    record Grid(int subsample) implements Seeds {
        public Grid {
            if (subsample < 1) throw new IllegalArgumentException("subsample must be >= 1, got " + subsample);
        }
    }

    /** Explicit seeds (duplicates allowed): one round trip; with a pixel tolerance the seeds are returned. */
    record Points(long[] x, long[] y) implements Seeds {
        public Points {
            if (x.length != y.length) throw new IllegalArgumentException("init x and y lengths differ: " + x.length + " vs " + y.length);
        }
    }

    static Seeds grid(int subsample) {
        return new Grid(subsample);
    }

    static Seeds points(long[] x, long[] y) {
        return new Points(x, y);
    }

    /** The grid of {@code extract_correspondences_nonsym} with a pixel tolerance, as explicit points. */
    static Points gridPoints(int subsample, int h, int w) {
        int s = subsample, ny = Math.max(0, (h - s / 2 + s - 1) / s), nx = Math.max(0, (w - s / 2 + s - 1) / s);
        long[] x = new long[ny * nx], y = new long[ny * nx];
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                x[i * nx + j] = s / 2 + (long) j * s;
                y[i * nx + j] = s / 2 + (long) i * s;
            }
        }
        return new Points(x, y);
    }

    /** Sorted unique start pixels in a map of {@code h x w}. */
    default int[] start(int h, int w) {
        Points pts = this instanceof Grid g ? gridPoints(g.subsample(), h, w) : (Points) this;
        long n = (long) h * w;
        long[] flat = new long[pts.x().length];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = pts.x()[i] + w * pts.y()[i];
            if (flat[i] < 0 || flat[i] >= n) {
                throw new IllegalArgumentException("init point (" + pts.x()[i] + ", " + pts.y()[i] + ") is outside the " + w + "x" + h + " map");
            }
        }
        return Arrays.stream(flat).sorted().distinct().mapToInt(v -> (int) v).toArray();
    }

    /** 10 round trips for a grid, 1 for explicit points. */
    default int maxIterations() {
        return this instanceof Grid ? 10 : 1;
    }
}
