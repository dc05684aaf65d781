package org.mast3r.pipeline;

import java.nio.file.Path;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;
import org.mast3r.image.RgbImage;

/**
 * Two decoded images: at full resolution (EXIF orientation applied; the coarse-to-fine windows are cut
 * from these) and as load_images prepares them for the network.
 */
public record ImagePair(RgbImage full1, RgbImage full2, PreparedImage image1, PreparedImage image2) {
    /** Decodes and prepares both files; a bad file is a BadInputException naming it. */
    public static ImagePair load(Path img1, Path img2, int size) {
        RgbImage full1 = Preprocess.loadOriented(img1, Preprocess.DEFAULT_MAX_PIXELS);
        RgbImage full2 = Preprocess.loadOriented(img2, Preprocess.DEFAULT_MAX_PIXELS);
        return new ImagePair(full1, full2,
                Preprocess.prepare(full1, size, false, img1.toString()),
                Preprocess.prepare(full2, size, false, img2.toString()));
    }
}
