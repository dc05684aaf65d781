package org.mast3r.image;

/** The network's input tensor from 8-bit RGB, as torchvision's ToTensor + Normalize(0.5, 0.5) compute it. */
public final class Normalize {
    private Normalize() {}

    /**
     * [H, W, 3] uint8 to [3, H, W] float32, each value {@code (v/255 - 0.5) / 0.5}.
     * ref: torchvision transforms/functional.py to_tensor (img.float().div(255)) then normalize
     * (tensor.sub_(mean).div_(std)): two float32 roundings, which these float ops reproduce exactly.
     */
    public static float[] chw(byte[] rgb, int width, int height) {
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                float unit = (float) (rgb[p * 3 + c] & 0xFF) / 255f;
                out[c * plane + p] = (unit - 0.5f) / 0.5f;
            }
        }
        return out;
    }
}
