package org.mast3r.geometry;

/** Pointmaps from depth: what the geometry fixture stores as depth maps, and a pinhole camera unprojects. */
public final class Pointmaps {
    private Pointmaps() {}

    /**
     * [H, W, 3] with X = (x - cx)/f z, Y = (y - cy)/f z, Z = z for pixel (x, y), computed in double and
     * rounded to float (the fixture's recipe: fixtures/README.md, geometry, pointmaps).
     */
    public static float[] fromDepth(float[] depth, int height, int width, double focal, double cx, double cy) {
        if ((long) height * width != depth.length)
            throw new IllegalArgumentException("depth must be [" + height + "," + width + "], got " + depth.length + " values");
        float[] out = new float[3 * depth.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                double z = depth[i];
                out[3 * i] = (float) ((x - cx) / focal * z);
                out[3 * i + 1] = (float) ((y - cy) / focal * z);
                out[3 * i + 2] = (float) z;
            }
        }
        return out;
    }

    /** A copy of {@code pts} [H, W, 3] with Z replaced by {@code z} [H, W] and X, Y kept (the fixture's noisy pointmaps). */
    public static float[] withZ(float[] pts, float[] z) {
        if (pts.length != 3 * z.length)
            throw new IllegalArgumentException("pointmap [" + pts.length / 3 + ",3] and depth [" + z.length + "] differ");
        float[] out = pts.clone();
        for (int i = 0; i < z.length; i++) out[3 * i + 2] = z[i];
        return out;
    }
}
