package org.mast3r.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.mast3r.common.AtomicFiles;

/** {@code matches.csv}: a header {@code x1,y1,x2,y2,conf}, then one row per match. */
public final class MatchCsv {
    private MatchCsv() {}

    /** Matches {@code xy1}, {@code xy2} [M, 2] with confidences [M], atomically. */
    public static void write(Path file, double[] xy1, double[] xy2, float[] conf) {
        AtomicFiles.writeStream(file, out -> write(out, xy1, xy2, conf));
    }

    /** As {@link #write(Path, double[], double[], float[])} to {@code out}, which is flushed and left open. */
    public static void write(OutputStream out, double[] xy1, double[] xy2, float[] conf) throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
        w.write("x1,y1,x2,y2,conf\n");
        for (int k = 0; k < conf.length; k++) {
            w.write(String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%.2f,%.6g\n",
                    xy1[2 * k], xy1[2 * k + 1], xy2[2 * k], xy2[2 * k + 1], conf[k]));
        }
        w.flush();
    }
}
