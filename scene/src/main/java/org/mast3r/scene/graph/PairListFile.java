package org.mast3r.scene.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mast3r.common.BadInputException;

/**
 * A scene graph given as a text file: one pair {@code i j} per line (0-based image indices, any blank space
 * between them), {@code #} starts a comment, blank lines are skipped. The result is symmetrised as
 * {@link PairGraph#pairs} does it: the pairs in file order, then each reversed. A pair written both ways,
 * or twice, counts once, in the orientation of its first line.
 */
public final class PairListFile {
    private PairListFile() {}

    /** The ordered pairs of the file at {@code path} over images 0..n-1; any problem names the line. */
    public static List<int[]> read(Path path, int n) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(path.toString(), "cannot read the pair list: " + e.getMessage(), e);
        }
        List<int[]> half = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) continue;
            int[] p = pair(path, l + 1, text, n);
            long key = (long) Math.min(p[0], p[1]) * n + Math.max(p[0], p[1]);
            if (seen.add(key)) half.add(p);
        }
        if (half.isEmpty()) throw new BadInputException(path.toString(), "no pairs in the pair list");
        List<int[]> out = new ArrayList<>(2 * half.size());
        out.addAll(half);
        for (int[] p : half) out.add(new int[] {p[1], p[0]});
        return out;
    }

    private static int[] pair(Path path, int lineNo, String text, int n) {
        String[] fields = text.split("\\s+");
        if (fields.length != 2) throw bad(path, lineNo, "expected two image indices 'i j', got '" + text + "'");
        int[] p = new int[2];
        for (int k = 0; k < 2; k++) {
            try {
                p[k] = Integer.parseInt(fields[k]);
            } catch (NumberFormatException e) {
                throw bad(path, lineNo, "'" + fields[k] + "' is not an image index");
            }
            if (p[k] < 0 || p[k] >= n) {
                throw bad(path, lineNo, "image index " + p[k] + " is out of range 0.." + (n - 1));
            }
        }
        if (p[0] == p[1]) throw bad(path, lineNo, "pairs image " + p[0] + " with itself");
        return p;
    }

    private static BadInputException bad(Path path, int lineNo, String problem) {
        return new BadInputException(path.toString(), "line " + lineNo + ": " + problem);
    }
}
