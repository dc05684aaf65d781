package org.mast3r.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job folders appear whole, and a restart removes what a stopped server left and nothing else. */
class WorkFolderTest {
    @TempDir Path dir;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRestartRemovesStaleJobAndTempFoldersOnly() throws Exception {
        Files.createDirectories(dir.resolve(".tmp-abc-1/in"));
        Files.writeString(dir.resolve(".tmp-abc-1/in/01.png"), "half written");
        Files.createDirectories(dir.resolve("job-old/out.partial"));
        Files.writeString(dir.resolve("notes.txt"), "the user's own file");
        Files.createDirectories(dir.resolve("photos"));
        new WorkFolder(dir);
        assertEquals(List.of("notes.txt", "photos"), names());
    }

    @Test
    void aJobFolderAppearsByRenameAndGoesAsAWhole() throws Exception {
        WorkFolder work = new WorkFolder(dir);
        Path temp = work.temp("id1");
        Files.writeString(Files.createDirectory(temp.resolve("in")).resolve("01.png"), "x");
        assertTrue(names().getFirst().startsWith(".tmp-id1-"), names().toString());
        Path job = work.publish(temp, "id1");
        assertEquals(List.of("job-id1"), names());
        assertEquals("x", Files.readString(job.resolve("in/01.png")));
        work.remove(job);
        assertEquals(List.of(), names());
    }
}
