package org.mast3r.pipeline;

import java.util.Random;
import org.mast3r.model.InputImage;

/** Seeded uniform noise in [-1, 1] as a normalised RGB network input: the pipeline tests' images. */
final class NoiseImage {
    private NoiseImage() {}

    static InputImage of(long seed, int h, int w) {
        Random r = new Random(seed);
        float[] chw = new float[3 * h * w];
        for (int i = 0; i < chw.length; i++) chw[i] = 2 * r.nextFloat() - 1;
        return new InputImage(h, w, chw);
    }
}
