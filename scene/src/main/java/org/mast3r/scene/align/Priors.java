package org.mast3r.scene.align;

import java.util.Map;

/**
 * What the user knows about some cameras, at network resolution (the caller converts from the original
 * image's pixels). Keys are image indices.
 *
 * @param intrinsics        image -> {focal, cx, cy}; held fixed unless {@code refineIntrinsics}
 * @param refineIntrinsics  the known intrinsics are a starting value, not a constraint
 * @param cam2w             image -> 4x4 row-major camera-to-world (OpenCV axes); held fixed, and the scene
 *                          comes out in their frame and scale
 */
public record Priors(Map<Integer, double[]> intrinsics, boolean refineIntrinsics, Map<Integer, double[]> cam2w) {
    public static Priors none() {
        return new Priors(Map.of(), false, Map.of());
    }
}
