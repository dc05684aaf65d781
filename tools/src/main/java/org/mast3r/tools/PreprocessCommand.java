package org.mast3r.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.export.PngFiles;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

    /**
     * An 8-bit RGB, non-interlaced PNG without alpha, written atomically; an existing OUT.png is kept
     * unless --force.
     */
    static void writePng(PreparedImage img, Path out, boolean force) {
        if (Files.exists(out) && !force) throw new BadInputException(out.toString(), "exists (use --force to overwrite)");
        PngFiles.write(out, PngFiles.picture(img.image()));
    }
}
