package org.mast3r.scene.align;

import org.mast3r.geometry.FocalEstimation;

/**
 * One image's canonical pointmap: the confidence-weighted average of every pointmap the decoder made of it
 * (one per pair it is view 1 of), plus the per-pixel depth offsets against its anchor (the centre of its
 * s x s block), the averaged confidence and the focal estimated from the canonical pointmap.
 *
 * @param pts3d        [H, W, 3] canonical pointmap, own camera frame (null unless kept)
 * @param depthOffsets [H, W] canon2: relative depth against the block centre, 1 at every centre
 * @param conf         [H, W] sum(c^2) / sum(c) with c = C - 0.999
 * @param focal        Weiszfeld focal of {@code pts3d}, principal point (W/2, H/2), clamped to [0.5, 3.5] x focal_base
 * @param coreDepth    [H/s, W/s] canonical z at the block centres (pixels s/2, s/2 + s, ...)
 */
// ref: mast3r/cloud_opt/sparse_ga.py canonical_view (mode 'avg-angle'), prepare_canonical_data (naver/mast3r f5209af)
public record CanonicalView(int height, int width, int subsample, float[] pts3d, float[] depthOffsets, float[] conf,
                            double focal, float[] coreDepth) {

    /** The anchor (block) index of pixel (x, y): (y / s) * (W / s) + x / s. */
    public int anchorOf(int x, int y) {
        return (y / subsample) * (width / subsample) + x / subsample;
    }

    /** canon2 at (x, y) over canon2 at its anchor's centre: the depth of a pixel relative to its anchor. */
    public float offsetOf(int x, int y) {
        int s = subsample, c = s / 2;
        int centre = ((y / s) * s + c) * width + (x / s) * s + c;
        return depthOffsets[y * width + x] / depthOffsets[centre];
    }

    /**
     * Streams the pointmaps of one image ({@code x11} [H, W, 3], {@code c11} [H, W]) into the sums the
     * canonical view needs, so the maps never have to be held together.
     */
    public static final class Builder {
        private static final float EPS = Math.ulp(1f);   // torch.finfo(float32).eps: the centre depth's floor
        private final int h, w, s;
        private final double[] sumC, sumC2, sumCX, sumCAngle, sumRadius;
        private int maps;

        public Builder(int height, int width, int subsample) {
            if (subsample < 1 || height % subsample != 0 || width % subsample != 0) {
                throw new IllegalArgumentException("subsample " + subsample + " must divide the image size " + width + "x" + height);
            }
            this.h = height;
            this.w = width;
            this.s = subsample;
            int n = height * width;
            sumC = new double[n];
            sumC2 = new double[n];
            sumCX = new double[3 * n];
            sumCAngle = new double[n];
            sumRadius = new double[n];
        }

        public void add(float[] x11, float[] c11) {
            if (x11.length != 3 * h * w || c11.length != h * w) throw new IllegalArgumentException("pointmap is not " + w + "x" + h);
            int c0 = s / 2;
            for (int y = 0; y < h; y++) {
                int cy = (y / s) * s + c0;
                for (int x = 0; x < w; x++) {
                    int i = y * w + x, ci = cy * w + (x / s) * s + c0;
                    double c = c11[i] - 0.999f;
                    sumC[i] += c;
                    sumC2[i] += c * c;
                    for (int d = 0; d < 3; d++) sumCX[3 * i + d] += c * x11[3 * i + d];
                    // avg-angle: the slope from the block centre to this pixel, as an angle, averaged over maps
                    double centreZ = Math.max(x11[3 * ci + 2], EPS);
                    double radius = Math.max(Math.hypot(x11[3 * i] - x11[3 * ci], x11[3 * i + 1] - x11[3 * ci + 1]), 1e-8);
                    sumCAngle[i] += c * Math.atan((x11[3 * i + 2] - centreZ) / radius);
                    sumRadius[i] += radius;
                }
            }
            maps++;
        }

        public CanonicalView build(boolean keepPoints) {
            if (maps == 0) throw new IllegalStateException("no pointmap of this image");
            int n = h * w, c0 = s / 2;
            float[] canon = new float[3 * n], conf = new float[n], canon2 = new float[n];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 3; d++) canon[3 * i + d] = (float) (sumCX[3 * i + d] / sumC[i]);
                conf[i] = (float) (sumC2[i] / sumC[i]);
            }
            for (int y = 0; y < h; y++) {
                int cy = (y / s) * s + c0;
                for (int x = 0; x < w; x++) {
                    int i = y * w + x, ci = cy * w + (x / s) * s + c0;
                    double relDepth = sumRadius[i] / maps * Math.tan(sumCAngle[i] / sumC[i]);
                    canon2[i] = (float) (1 + relDepth / canon[3 * ci + 2]);
                }
            }
            float[] core = new float[(h / s) * (w / s)];
            for (int by = 0; by < h / s; by++) {
                for (int bx = 0; bx < w / s; bx++) core[by * (w / s) + bx] = canon[3 * ((by * s + c0) * w + bx * s + c0) + 2];
            }
            double focal = FocalEstimation.estimate(canon, h, w, w / 2.0, h / 2.0, FocalEstimation.Mode.WEISZFELD,
                    FocalEstimation.SPARSE_GA_MIN, FocalEstimation.SPARSE_GA_MAX);
            return new CanonicalView(h, w, s, keepPoints ? canon : null, canon2, conf, focal, core);
        }
    }
}
