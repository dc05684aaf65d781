package org.mast3r.model;

import org.mast3r.common.BadInputException;
import org.mast3r.kernels.DenseMaps;
import org.mast3r.weights.ModelConfig;

/**
 * Raw head channels to outputs: points from channels 0-2 (depth_mode), confidence from channel 3
 * (conf_mode), and for MASt3R unit descriptors and their confidence from the local-feature channels.
 */
// ref: naver/mast3r f5209af mast3r/catmlp_dpt_head.py postprocess; naver/dust3r 4c24a6e dust3r/heads/postprocess.py
final class Postprocess {
    private final ModelConfig config;

    Postprocess(ModelConfig config) {
        this.config = config;
    }

    /** dense: [4, H, W] (x, y, z, conf logit) or null (no points); local: [descDim + two_confs, H, W] or null. */
    ViewOutput apply(float[] dense, float[] local, int h, int w) {
        int pixels = h * w;
        float[] pts = null, conf = null;
        if (dense != null) {                                   // null: the head skipped the points
            pts = new float[3 * pixels];
            DenseMaps.radial(dense, 0, pixels, radial(config.depthMode()), pts);
            conf = config.confMode() == null ? null : confidence(dense, 3, pixels, config.confMode());
        }
        if (local == null) return new ViewOutput(h, w, pts, conf, 0, null, null);
        int d = config.descDim();
        float[] desc = new float[d * pixels];
        DenseMaps.unitVectors(local, 0, d, pixels, desc);
        float[] descConf = config.twoConfs()
                ? confidence(local, d, pixels, config.descConfMode() == null ? config.confMode() : config.descConfMode())
                : conf.clone();
        return new ViewOutput(h, w, pts, conf, d, desc, descConf);
    }

    private static DenseMaps.Radial radial(ModelConfig.Mode mode) {
        return switch (mode.kind()) {
            case "exp" -> DenseMaps.Radial.EXP;
            case "square" -> DenseMaps.Radial.SQUARE;
            case "linear" -> DenseMaps.Radial.LINEAR;
            default -> throw new BadInputException("depth_mode", "unknown mode " + mode.kind());
        };
    }

    private static float[] confidence(float[] raw, int channel, int pixels, ModelConfig.Mode mode) {
        float[] out = new float[pixels];
        float vmin = (float) mode.vmin(), vmax = (float) mode.vmax();
        switch (mode.kind()) {
            case "exp" -> DenseMaps.expConfidence(raw, channel, pixels, vmin, vmax, out);
            case "sigmoid" -> DenseMaps.sigmoidConfidence(raw, channel, pixels, vmin, vmax, out);
            default -> throw new BadInputException("conf_mode", "unknown mode " + mode.kind());
        }
        return out;
    }
}
