package org.mast3r.tools;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;
import org.mast3r.weights.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = "Write the RGB image the network sees (load_images: EXIF, PIL resize, centre crop) as an 8-bit RGB PNG.")
public final class PreprocessCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A PNG or JPEG image.")
    Path image;

    @Option(names = "--size", required = true, paramLabel = "512|224", description = "Network input size: 512 (long side) or 224 (short side).")
    int size;

    @Option(names = "--out", required = true, paramLabel = "OUT.png", description = "Where to write the PNG.")
    Path out;

    @Option(names = "--square-ok", description = "Keep a square image square at size 512 (default: crop it to 4:3).")
    boolean squareOk;

    @Option(names = "--force", description = "Overwrite OUT.png if it exists.")
    boolean force;

    @Option(names = "--max-pixels", paramLabel = "N",
            description = "Refuse images whose header claims more pixels (default ${DEFAULT-VALUE}, Pillow's decompression-bomb limit).")
    long maxPixels = Preprocess.DEFAULT_MAX_PIXELS;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (size != 512 && size != 224) throw new BadInputException("--size", "must be 512 or 224, not " + size);
        if (maxPixels < 1) throw new BadInputException("--max-pixels", "must be at least 1");
        if (Files.exists(out) && !force) throw new BadInputException(out.toString(), "exists (use --force to overwrite)");
        PreparedImage img = Preprocess.load(image, size, squareOk, maxPixels);
        writePng(img, out, force);
        spec.commandLine().getOut().println(img.width() + "x" + img.height());
        return Main.OK;
    }

    /** An 8-bit RGB, non-interlaced PNG without alpha, written to a temporary file and renamed into place. */
    static void writePng(PreparedImage img, Path out, boolean force) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] rgb = img.rgb();
        int[] row = new int[img.width() * 3];
        for (int y = 0; y < img.height(); y++) {
            for (int i = 0; i < row.length; i++) row[i] = rgb[y * row.length + i] & 0xFF;
            bi.getRaster().setPixels(0, y, img.width(), 1, row);
        }
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
            if (!ImageIO.write(bi, "png", tmp.toFile())) throw new IOException("no PNG writer");
            try {
                if (force) Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                else Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                if (force) Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
                else Files.move(tmp, out);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(out.toString(), "exists (use --force to overwrite)", e);
        } catch (IOException e) {
            throw new BadInputException(out.toString(), "cannot write (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with a dot and says .tmp
                }
            }
        }
    }
}
