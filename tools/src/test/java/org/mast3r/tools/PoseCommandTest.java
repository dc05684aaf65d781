package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.Json;

/** {@code mast3r pose} and {@code match --pose} on the tiny synthetic model: always a finite pose.json, exit 0. */
class PoseCommandTest {
    @TempDir Path tmp;

    private CliRun pose(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("pose", TinyModel.IMG1.toString(), TinyModel.IMG2.toString(),
                "--model", TinyModel.CHECKPOINT.toString(), "--out", out.toString(), "--size", "224", "--threads", "2", "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesAFinitePoseEvenWhenTheSolveIsDegenerate() throws IOException {
        Path ref = tmp.resolve("ref.json");
        Files.writeString(ref, "{\"rotation\": [[0,-1,0],[1,0,0],[0,0,1]], \"translation\": [1, 2, 3]}");
        Path out = tmp.resolve("pose");
        CliRun r = pose(out, "--focal1", "250", "--ref-pose", ref.toString(), "--seed", "7");
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode p = Json.read(out.resolve("pose.json"));
        assertEquals(250.0, p.get("focal1").asDouble(), 1e-9);
        assertTrue(p.get("focal2").asDouble() > 0);
        assertEquals(3, p.get("rotation").size());
        assertEquals(4, p.get("quaternion").size());
        assertEquals(3, p.get("translation").size());
        assertEquals(3, p.at("/world/translation").size());
        for (JsonNode row : p.get("rotation")) for (JsonNode v : row) assertTrue(Double.isFinite(v.asDouble()));
        assertTrue(p.get("low_confidence").isBoolean());
        assertTrue(p.get("matches").asInt() >= p.get("inliers").asInt());
        assertTrue(Files.size(out.resolve("cameras.ply")) > 0);
    }

    @Test
    void matchWithPoseWritesBoth() {
        Path out = tmp.resolve("match-pose");
        CliRun r = CliRun.of("match", TinyModel.IMG1.toString(), TinyModel.IMG2.toString(),
                "--model", TinyModel.CHECKPOINT.toString(), "--out", out.toString(), "--size", "224", "--quiet", "--pose");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("pose.json")));
        assertTrue(Files.isRegularFile(out.resolve("matches.csv")));
    }

    @Test
    void badPoseInputsAreOneLine() throws IOException {
        Path ref = tmp.resolve("bad-ref.json");
        Files.writeString(ref, "{\"rotation\": \"up\"}");
        CliRun r = pose(tmp.resolve("p1"), "--ref-pose", ref.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().strip().startsWith("mast3r: " + ref + ": "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        r = pose(tmp.resolve("p2"), "--focal2", "-3");
        assertEquals("mast3r: --focal2: must be a positive number of pixels", r.err().strip());
    }
}
