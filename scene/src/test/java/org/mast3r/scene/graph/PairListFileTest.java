package org.mast3r.scene.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;

class PairListFileTest {
    @TempDir
    Path dir;

    @Test
    void readsPairsCommentsAndBlankLines() throws IOException {
        Path f = write("# my pairs\n\n0 1\n 2\t0   # second\n1 0\n0 1\n\n3 2\n");
        int[][] want = {{0, 1}, {2, 0}, {3, 2}, {1, 0}, {0, 2}, {2, 3}};
        assertArrayEquals(want, PairListFile.read(f, 4).toArray(int[][]::new));
    }

    @Test
    void namesTheLineOfEachProblem() throws IOException {
        check("0 1\n1\n", 3, "line 2: expected two image indices 'i j', got '1'");
        check("0 1 2\n", 3, "line 1: expected two image indices 'i j', got '0 1 2'");
        check("# c\n0 x\n", 3, "line 2: 'x' is not an image index");
        check("0 1.5\n", 3, "line 1: '1.5' is not an image index");
        check("0 3\n", 3, "line 1: image index 3 is out of range 0..2");
        check("-1 0\n", 3, "line 1: image index -1 is out of range 0..2");
        check("\n\n2 2\n", 3, "line 3: pairs image 2 with itself");
        check("# nothing\n\n", 3, "no pairs in the pair list");
        check("", 3, "no pairs in the pair list");
    }

    @Test
    void unreadableFile() {
        Path missing = dir.resolve("missing.txt");
        BadInputException e = assertThrows(BadInputException.class, () -> PairListFile.read(missing, 3));
        assertEquals(missing.toString(), e.subject());
    }

    private void check(String text, int n, String problem) throws IOException {
        Path f = write(text);
        BadInputException e = assertThrows(BadInputException.class, () -> PairListFile.read(f, n));
        assertEquals(f.toString(), e.subject());
        assertEquals(problem, e.problem());
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "pairs", ".txt");
        Files.writeString(f, text);
        return f;
    }
}
