package org.mast3r.model;

/**
 * What the network predicts for one view, row-major over an H x W image: {@code pts3d} [H, W, 3]
 * (view 2's in view 1's frame), {@code conf} [H, W], and for MASt3R {@code desc} [H, W, descDim] unit
 * vectors and {@code descConf} [H, W]; both null for DUSt3R.
 */
public record ViewOutput(int height, int width, float[] pts3d, float[] conf, int descDim, float[] desc, float[] descConf) {
    public boolean hasDescriptors() {
        return desc != null;
    }
}
