package org.mast3r.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.mast3r.common.BadInputException;

/**
 * PNG and JPEG bytes to the RGB that Pillow's {@code Image.open(f).convert("RGB")} gives, in stored
 * orientation. The JDK's ImageIO decodes; we read the raster's samples (never a colour-managed rendering,
 * so grey stays grey: no gamma or ICC conversion) and reduce them as Pillow does:
 * <ul>
 *   <li>alpha is dropped, not composited (ref: Convert.c rgba2rgb, la2rgb); grey is replicated (l2rgb);
 *       palettes are expanded (p2rgb); 1/2/4-bit grey is scaled to 0..255 (Unpack.c L;2 etc.).</li>
 *   <li>16-bit RGB, RGBA and grey+alpha keep the high byte: PngImagePlugin maps them to the rawmodes
 *       RGB;16B, RGBA;16B and LA;16B, whose unpackers take the most significant byte of each sample.</li>
 *   <li>16-bit grey alone is mode I;16, and convert("RGB") uses I16_RGB: the sample if it is < 256,
 *       else 255 (a clip, not a shift: most 16-bit grey photos come out nearly white, as in Pillow).</li>
 *   <li>CMYK JPEG: the JDK has no BufferedImage type for it, but readRaster gives the CMYK samples;
 *       Pillow's cmyk2rgb is {@code (255-k) - c(255-k)/255} per channel, no colour management.</li>
 * </ul>
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    /** Decodes {@code data}; {@code name} is how errors name the file; images above maxPixels are refused before decoding. */
    public static RgbImage decode(byte[] data, String name, long maxPixels) {
        if (data.length == 0) throw new BadInputException(name, "empty file");
        try {
            if (PngChunks.isPng(data)) {
                PngChunks png = PngChunks.parse(data, name);
                checkPixels(name, png.width(), png.height(), maxPixels);
                BufferedImage img = read(data, name, "png");
                return toRgb(img.getRaster(), img.getColorModel() instanceof IndexColorModel icm ? icm : null,
                        png.colorType() == 0 && png.bitDepth() == 16, name);
            }
            if (data.length > 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF) {
                return decodeJpeg(data, name, maxPixels);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) throw bad;
            throw new BadInputException(name, "cannot decode image (" + describe(e) + ")", e);
        }
        throw new BadInputException(name, "not a PNG or JPEG image");
    }

    private static RgbImage decodeJpeg(byte[] data, String name, long maxPixels) throws IOException {
        ImageReader reader = reader("jpeg");
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            checkPixels(name, reader.getWidth(0), reader.getHeight(0), maxPixels);
            List<String> warnings = watch(reader);
            Raster raster;
            try {
                raster = reader.read(0).getRaster();
            } catch (IIOException e) {
                // CMYK/YCCK: no BufferedImage type, but the raw raster is available.
                if (!String.valueOf(e.getMessage()).contains("Unsupported Image Type")) throw e;
                raster = reader.readRaster(0, null);
            }
            failOnTruncation(name, warnings);
            if (raster.getNumBands() == 4) return Cmyk.toRgb(raster);
            return toRgb(raster, null, false, name);
        } finally {
            reader.dispose();
        }
    }

    private static BufferedImage read(byte[] data, String name, String format) throws IOException {
        ImageReader reader = reader(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            List<String> warnings = watch(reader);
            BufferedImage img = reader.read(0);
            failOnTruncation(name, warnings);
            return img;
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader(String format) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        if (!it.hasNext()) throw new IllegalStateException("no ImageIO reader for " + format);
        return it.next();
    }

    private static List<String> watch(ImageReader reader) {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warnings.add(warning));
        return warnings;
    }

    /** libjpeg only warns on a truncated stream and fills the rest grey; Pillow raises "image file is truncated". */
    private static void failOnTruncation(String name, List<String> warnings) {
        for (String w : warnings) {
            if (w.toLowerCase(java.util.Locale.ROOT).contains("premature end")) {
                throw new BadInputException(name, "truncated image (" + w.strip() + ")");
            }
        }
    }

    /**
     * Refuses images larger than maxPixels from the header alone. Pillow's guard: DecompressionBombError
     * above 2 * MAX_IMAGE_PIXELS = 178,956,970 pixels (ref: src/PIL/Image.py _decompression_bomb_check).
     */
    static void checkPixels(String name, long width, long height, long maxPixels) {
        if (width * height > maxPixels) {
            throw new BadInputException(name, "image of " + width + "x" + height + " = " + width * height
                    + " pixels exceeds the limit of " + maxPixels + " (raise it with --max-pixels)");
        }
    }

    /** Raster samples to RGB bytes by Pillow's convert("RGB") rules (see the class comment). */
    static RgbImage toRgb(Raster r, IndexColorModel palette, boolean grey16Clip, String name) {
        int w = r.getWidth(), h = r.getHeight();
        int bands = r.getNumBands();
        int bits = r.getSampleModel().getSampleSize(0);
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w * bands];
        int max = (1 << Math.min(bits, 16)) - 1;
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                int s = x * bands;
                if (palette != null) {
                    int i = row[s];
                    boolean inside = i < palette.getMapSize();
                    out[o] = (byte) (inside ? palette.getRed(i) : 0);
                    out[o + 1] = (byte) (inside ? palette.getGreen(i) : 0);
                    out[o + 2] = (byte) (inside ? palette.getBlue(i) : 0);
                } else if (bands <= 2) {
                    byte v = (byte) reduce(row[s], bits, max, grey16Clip);
                    out[o] = v;
                    out[o + 1] = v;
                    out[o + 2] = v;
                } else {
                    out[o] = (byte) reduce(row[s], bits, max, false);
                    out[o + 1] = (byte) reduce(row[s + 1], bits, max, false);
                    out[o + 2] = (byte) reduce(row[s + 2], bits, max, false);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int reduce(int v, int bits, int max, boolean clip16) {
        if (bits == 8) return v;
        if (bits == 16) return clip16 ? Math.min(v, 255) : v >>> 8;
        return v * 255 / max;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip()).lines().findFirst().orElse("");
    }
}
