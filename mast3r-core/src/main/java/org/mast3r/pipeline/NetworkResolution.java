package org.mast3r.pipeline;

/**
 * The network resolution a window of an H x W image is forced to in coarse-to-fine matching: the
 * (W, H) of the 512 aspect-ratio table closest to the image's, as (H, W).
 */
// ref: naver/mast3r f5209af dust3r_visloc/datasets/utils.py get_HW_resolution (maxdim 512)
final class NetworkResolution {
    /** Landscape (W, H) sizes keyed by their aspect ratio W / H. */
    private static final double[] RATIOS = {4.0 / 3, 32.0 / 21, 16.0 / 9, 2.0, 16.0 / 5};
    private static final int[][] SIZES = {{512, 384}, {512, 336}, {512, 288}, {512, 256}, {512, 160}};

    private NetworkResolution() {}

    /** (H, W) for an H x W image; portrait images get the transposed size. */
    static int[] of(int h, int w) {
        boolean landscape = w >= h;
        double ratio = (double) w / h;
        int best = 0;
        double bestDiff = Double.POSITIVE_INFINITY;
        for (int i = 0; i < RATIOS.length; i++) {
            double diff = Math.abs(ratio - (landscape ? RATIOS[i] : 1 / RATIOS[i]));
            if (diff < bestDiff) {      // strict: the first of equal differences wins, as np.argmin
                bestDiff = diff;
                best = i;
            }
        }
        int[] wh = SIZES[best];
        return landscape ? new int[] {wh[1], wh[0]} : new int[] {wh[0], wh[1]};
    }
}
