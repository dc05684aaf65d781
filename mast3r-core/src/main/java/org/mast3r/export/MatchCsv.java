package org.mast3r.export;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.mast3r.common.AtomicFiles;

/** {@code matches.csv}: a header {@code x1,y1,x2,y2,conf}, then one row per match. */
public final class MatchCsv {
    private MatchCsv() {}

    public static void write(Path file, double[] xy1, double[] xy2, float[] conf) {
        AtomicFiles.replace(file, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                w.write("x1,y1,x2,y2,conf\n");
                for (int k = 0; k < conf.length; k++) {
                    w.write(String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%.2f,%.6g\n",
                            xy1[2 * k], xy1[2 * k + 1], xy2[2 * k], xy2[2 * k + 1], conf[k]));
                }
            }
        });
    }
}
