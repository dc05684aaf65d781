package org.mast3r.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mast3r.common.BadInputException;

/**
 * dust3r's {@code load_images} for one file: decode, EXIF orientation, PIL resize, centre crop.
 * ref: naver/dust3r @4c24a6e dust3r/utils/image.py load_images
 * ({@code exif_transpose(PIL.Image.open(path)).convert('RGB')}, then _resize_pil_image and crop).
 */
public final class Preprocess {
    /** Pillow's DecompressionBombError threshold, 2 * MAX_IMAGE_PIXELS = 2 * (2^30 // 4 // 3). */
    public static final long DEFAULT_MAX_PIXELS = 178_956_970L;

    private Preprocess() {}

    public static PreparedImage load(Path image, int size, boolean squareOk) {
        return load(image, size, squareOk, DEFAULT_MAX_PIXELS);
    }

    public static PreparedImage load(Path image, int size, boolean squareOk, long maxPixels) {
        return prepare(loadOriented(image, maxPixels), size, squareOk, image.toString());
    }

    /** The decoded image at full resolution, EXIF orientation applied (what load_images resizes). */
    public static RgbImage loadOriented(Path image, long maxPixels) {
        byte[] data = readFile(image);
        RgbImage decoded = ImageDecoder.decode(data, image.toString(), maxPixels);
        return Transpose.exif(decoded, ExifOrientation.read(data));
    }

    /** The steps after decoding: {@code stored} in stored orientation, {@code orientation} its EXIF value. */
    public static PreparedImage prepare(RgbImage stored, int orientation, int size, boolean squareOk, String name) {
        return prepare(Transpose.exif(stored, orientation), size, squareOk, name);
    }

    /** Resize and centre crop of an image already in display orientation. */
    public static PreparedImage prepare(RgbImage img, int size, boolean squareOk, String name) {
        if (size != 512 && size != 224) throw new IllegalArgumentException("size must be 512 or 224, not " + size);
        CropPlan plan = CropPlan.of(img.width(), img.height(), size, squareOk);
        if (plan.resizedWidth() <= 0 || plan.resizedHeight() <= 0 || plan.width() <= 0 || plan.height() <= 0) {
            throw new BadInputException(name, "image of " + img.width() + "x" + img.height()
                    + " is too thin or too small to resize and crop for size " + size);
        }
        RgbImage resized = PillowResample.resize(img, plan.resizedWidth(), plan.resizedHeight(), plan.filter());
        RgbImage crop = resized.crop(plan.cropX(), plan.cropY(), plan.width(), plan.height());
        return new PreparedImage(crop.width(), crop.height(), crop.rgb(), img.width(), img.height(),
                plan.resizedWidth(), plan.resizedHeight(), plan.cropX(), plan.cropY());
    }

    static byte[] readFile(Path image) {
        try {
            if (!Files.isRegularFile(image)) throw new BadInputException(image.toString(), "no such file");
            return Files.readAllBytes(image);
        } catch (IOException e) {
            throw new BadInputException(image.toString(), "cannot read (" + e.getMessage() + ")", e);
        }
    }
}
