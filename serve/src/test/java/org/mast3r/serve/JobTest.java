package org.mast3r.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mast3r.common.Json;

/** Ids, the names that replace server paths, and the JSON the API reports. */
class JobTest {
    static final Path FOLDER = Path.of("/srv/work/job-x");
    static final Job JOB = new Job("x", "match", FOLDER, List.of(FOLDER.resolve("in/01.png"), FOLDER.resolve("in/02.jpg")),
            List.of("plain.png", "a \"quoted\\\" name.jpg"), Map.of());

    @Test
    void idsAreRandomAndUrlSafe() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Job.newId();
            assertTrue(Job.isId(id), id);
            assertTrue(seen.add(id));
        }
        assertFalse(Job.isId("../../etc/passwd12345"));
        assertFalse(Job.isId("AAAAAAAAAAAAAAAAAAAAA/"));
    }

    @Test
    void serverPathsBecomeUploadedNamesInTextAndInJson() throws Exception {
        assertEquals("plain.png: image too small; job/out", JOB.named(FOLDER.resolve("in/01.png") + ": image too small; " + FOLDER + "/out", false));
        String json = "{\"files\": [\"" + FOLDER.resolve("in/01.png") + "\", \"" + FOLDER.resolve("in/02.jpg") + "\"]}";
        JsonNode back = Json.MAPPER.readTree(JOB.named(json, true));
        assertEquals("plain.png", back.get("files").get(0).asText());
        assertEquals("a \"quoted\\\" name.jpg", back.get("files").get(1).asText());
    }

    @Test
    void theStateJsonHasTheApiShape() {
        Job job = new Job("y", "reconstruct", FOLDER, List.of(), List.of(), Map.of());
        assertEquals("{\"id\":\"y\",\"state\":\"queued\",\"progress\":{\"mode\":\"reconstruct\",\"stage\":\"queued\",\"done\":0,\"total\":0,\"log\":[]},\"files\":[]}",
                job.json().toString());
        job.start();
        job.update("pairs", 2, 6);
        job.step("coarse 10/300: loss 0.5");
        job.fail("mast3r: a.png: broken");
        assertEquals("{\"id\":\"y\",\"state\":\"failed\",\"progress\":{\"mode\":\"reconstruct\",\"stage\":\"failed\",\"done\":2,\"total\":6,\"log\":[\"coarse 10/300: loss 0.5\"]},"
                + "\"error\":\"mast3r: a.png: broken\",\"files\":[]}", job.json().toString());
    }
}
