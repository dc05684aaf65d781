package org.mast3r.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.mast3r.common.BadInputException;
import org.mast3r.image.ExifOrientation;
import org.mast3r.image.ImageDecoder;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;
import org.mast3r.image.RgbImage;
import org.mast3r.weights.Safetensors;
import org.mast3r.weights.StoredTensor;

/**
 * The preprocess fixture: dust3r's load_images outputs, keyed {@code <file>.<size>} in
 * {@code per_output}, tensors {@code .rgb}, {@code .true_shape} and (where stored) {@code .img}.
 * PNG sources must match exactly. A JPEG source runs twice: fed its {@code <stem>.decoded-by-PIL.png}
 * (pixels as Pillow's libjpeg-turbo decoded them, orientation still from the JPEG), which must be exact,
 * and decoded by the JDK, which must stay within a mean of 1.5 and a max of 40 grey levels.
 */
public final class PreprocessValidator implements FixtureValidator {
    // The manifest's "tolerances" is a sentence (exact for a bit-exact port, else within a grey level on most
    // pixels) and covers Pillow's JPEG decoder; it has no number for the JDK's, whose IDCT and chroma upsampling
    // differ from libjpeg-turbo's. These bounds are ours, and this is their one place.
    static final double JPEG_MEAN_LIMIT = 1.5;
    static final int JPEG_MAX_LIMIT = 40;

    @Override
    public boolean accepts(JsonNode manifest) {
        JsonNode per = manifest.path("per_output");
        if (!per.isObject() || per.isEmpty()) return false;
        JsonNode first = per.elements().next();
        return first.has("resample") && first.has("final_WxH");
    }

    @Override
    public void validate(Path dir, JsonNode manifest, ValidateOptions options, Checks checks) {
        Path tensors = dir.resolve("load_images.safetensors");
        try (Safetensors ref = Safetensors.open(tensors)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("per_output").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                runOutput(dir, e.getKey(), e.getValue(), ref, checks);
            }
        }
    }

    private void runOutput(Path dir, String key, JsonNode spec, Safetensors ref, Checks checks) {
        int dot = key.lastIndexOf('.');
        int size = Integer.parseInt(key.substring(dot + 1));
        String sourceName = spec.path("source").asText(key.substring(0, dot));
        Path source = dir.resolve(sourceName);
        byte[] data = read(source);
        int orientation = ExifOrientation.read(data);
        boolean jpeg = data.length > 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8;
        if (jpeg) {
            Path substitute = dir.resolve(pilDecodedName(sourceName));
            RgbImage pil = ImageDecoder.decode(read(substitute), substitute.toString(), Preprocess.DEFAULT_MAX_PIXELS);
            checks.note(key + ": JPEG; first with the pixels Pillow decoded (" + substitute.getFileName() + "), then with the JDK decoder");
            compareExact(key, "(PIL-decoded)", Preprocess.prepare(pil, orientation, size, false, substitute.toString()), ref, checks);
            PreparedImage java = Preprocess.load(source, size, false);
            compareTolerant(key, java, ref, checks);
        } else {
            compareExact(key, "", Preprocess.load(source, size, false), ref, checks);
        }
    }

    /** photo.jpg -> photo.decoded-by-PIL.png (the extension is replaced, whatever it is). */
    static String pilDecodedName(String jpegName) {
        int dot = jpegName.lastIndexOf('.');
        return (dot > 0 ? jpegName.substring(0, dot) : jpegName) + ".decoded-by-PIL.png";
    }

    private void compareExact(String key, String how, PreparedImage got, Safetensors ref, Checks checks) {
        compareShape(key, how, got, ref, checks);
        StoredTensor rgb = ref.require(key + ".rgb");
        byte[] want = rgb.bytes().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        if (want.length != got.rgb().length) {
            checks.line(key, "rgb" + how, "size " + got.height() + "x" + got.width() + " vs " + rgb.shapeString(), false);
        } else {
            int differ = 0, max = 0;
            for (int i = 0; i < want.length; i++) {
                int d = Math.abs((want[i] & 0xFF) - (got.rgb()[i] & 0xFF));
                if (d != 0) differ++;
                max = Math.max(max, d);
            }
            checks.line(key, "rgb" + how, String.format(Locale.ROOT, "exact: %d of %d values differ, max %d", differ, want.length, max), differ == 0);
        }
        StoredTensor img = ref.get(key + ".img");
        if (img != null) {
            float[] want32 = img.toFloats();
            float[] got32 = got.normalized();
            if (want32.length != got32.length) {
                checks.line(key, "img" + how, "length " + got32.length + " vs " + want32.length, false);
                return;
            }
            double maxAbs = 0, maxRef = 0;
            boolean bitExact = true;
            for (int i = 0; i < want32.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(got32[i] - want32[i]));
                maxRef = Math.max(maxRef, Math.abs(want32[i]));
                bitExact &= Float.floatToRawIntBits(got32[i]) == Float.floatToRawIntBits(want32[i]);
            }
            checks.tensor(key, "img" + how, maxAbs, maxRef == 0 ? 0 : maxAbs / maxRef, bitExact);
        }
    }

    private void compareShape(String key, String how, PreparedImage got, Safetensors ref, Checks checks) {
        int[] want = ref.require(key + ".true_shape").toInts();
        boolean ok = Arrays.equals(want, got.trueShape());
        checks.line(key, "true_shape" + how, Arrays.toString(got.trueShape()) + " vs " + Arrays.toString(want), ok);
    }

    private void compareTolerant(String key, PreparedImage got, Safetensors ref, Checks checks) {
        String how = "(java-decoded)";
        compareShape(key, how, got, ref, checks);
        byte[] want = ref.require(key + ".rgb").bytes().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        if (want.length != got.rgb().length) {
            checks.line(key, "rgb" + how, "size differs", false);
            return;
        }
        long sum = 0;
        int max = 0;
        for (int i = 0; i < want.length; i++) {
            int d = Math.abs((want[i] & 0xFF) - (got.rgb()[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
        }
        double mean = (double) sum / want.length;
        checks.line(key, "rgb" + how, String.format(Locale.ROOT, "max %d mean %.4f grey levels (limits %d, %.1f)",
                max, mean, JPEG_MAX_LIMIT, JPEG_MEAN_LIMIT), max <= JPEG_MAX_LIMIT && mean <= JPEG_MEAN_LIMIT);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new BadInputException(file.toString(), "cannot read (" + e.getMessage() + ")", e);
        }
    }
}
