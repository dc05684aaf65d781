package org.mast3r.scene.refine;

/**
 * One 3D point seen in several images: observation i is pixel (xy[2i], xy[2i+1]) of image images[i],
 * with images in increasing order and no image twice.
 *
 * @param images  [K] image indices, K >= 2
 * @param xy      [K,2] integer pixels, interleaved
 * @param weights [K] the mean confidence of the matches that touch each observation
 */
public record Track(int[] images, int[] xy, double[] weights) {
    public int size() {
        return images.length;
    }
}
