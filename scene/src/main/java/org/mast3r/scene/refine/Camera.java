package org.mast3r.scene.refine;

/**
 * One image's camera as sparse global alignment hands it over.
 *
 * @param K     [3,3] row-major pinhole intrinsics [[fx, 0, cx], [0, fy, cy], [0, 0, 1]], pixels
 * @param cam2w [4,4] row-major camera-to-world transform [[R, C], [0, 0, 0, 1]], OpenCV axes (x right,
 *              y down, z forward); C is the camera centre in world coordinates
 */
public record Camera(double[] K, double[] cam2w) {
    public Camera {
        if (K.length != 9 || cam2w.length != 16)
            throw new IllegalArgumentException("a camera needs K [3,3] and cam2w [4,4], got " + K.length + " and " + cam2w.length + " values");
    }
}
