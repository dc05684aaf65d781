package org.mast3r.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the API on the tiny model, and its limits; one server for the class. */
class ApiTest {
    static final Map<String, String> QUICK = Map.of("mode", "reconstruct", "size", "224", "niter1", "10", "niter2", "10");
    static WebServer server;
    static Api api;
    static ServeOptions options;

    @BeforeAll
    static void start() throws IOException {
        options = TinyServer.options(4, 2L << 20, 1_000_000);
        server = TinyServer.start(options);
        api = new Api(server.address());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Api.Upload> three() {
        return List.of(new Api.Upload("left.png", TestImages.png(96, 64, 0)), new Api.Upload("middle.png", TestImages.png(96, 64, 6)),
                new Api.Upload("right.png", TestImages.png(96, 64, 12)));
    }

    @Test
    void aReconstructionRunsAndServesEveryFileThenGoes() throws Exception {
        String id = api.submit(three(), QUICK);
        assertTrue(Job.isId(id), id);
        JsonNode done = api.await(id);
        assertEquals("done", done.get("state").asText(), done.toString());
        assertFalse(done.has("error"));
        List<String> files = new ArrayList<>();
        done.get("files").forEach(f -> files.add(f.asText()));
        assertTrue(files.containsAll(List.of("cameras.json", "scene.ply", "scene.glb", "summary.json", "colmap.zip", "image-1.png", "image-3.png")), files.toString());

        HttpResponse<byte[]> glb = api.bytes("api/jobs/" + id + "/files/scene.glb");
        assertEquals(200, glb.statusCode());
        assertEquals("glTF", new String(glb.body(), 0, 4));
        HttpResponse<byte[]> zip = api.bytes("api/jobs/" + id + "/files/colmap.zip");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) entries.add(e.getName());
        }
        assertEquals(List.of("colmap/cameras.txt", "colmap/images.txt", "colmap/points3D.txt"), entries);
        JsonNode cameras = Api.json(api.get("api/jobs/" + id + "/files/cameras.json"));
        assertEquals(3, cameras.get("cameras").size());
        assertFalse(cameras.toString().contains(options.work().toString()), "a server path leaked: " + cameras);

        // the finished job's events: one event with the final state, then the stream ends
        HttpResponse<String> events = api.get("api/jobs/" + id + "/events");
        assertEquals("text/event-stream", events.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(events.body().startsWith("data: {\"id\":\"" + id + "\",\"state\":\"done\""), events.body());

        assertEquals(404, api.get("api/jobs/" + id + "/files/..%2Fin%2F01.png").statusCode());
        assertEquals(404, api.get("api/jobs/" + id + "/files/pairs").statusCode());
        assertEquals(204, api.delete("api/jobs/" + id).statusCode());
        assertEquals(404, api.get("api/jobs/" + id).statusCode());
        try (Stream<Path> s = Files.list(options.work())) {
            assertEquals(List.of(), s.toList(), "the deleted job's folder is gone");
        }
    }

    @Test
    void twoImagesAreMatchedByDefault() throws Exception {
        String id = api.submit(three().subList(0, 2), Map.of("size", "224", "coarse_to_fine", "false"));
        JsonNode done = api.await(id);
        assertEquals("done", done.get("state").asText(), done.toString());
        assertEquals("match", done.get("progress").get("mode").asText());
        List<String> files = new ArrayList<>();
        done.get("files").forEach(f -> files.add(f.asText()));
        assertTrue(files.containsAll(List.of("matches.csv", "view1.ply", "view2.ply", "pose.json", "scene.glb", "colmap.zip",
                "summary.json", "image-1.png", "image-2.png")), files.toString());
        String csv = api.get("api/jobs/" + id + "/files/matches.csv").body();
        assertTrue(csv.startsWith("x1,y1,x2,y2,conf\n"), csv);
        JsonNode summary = Api.json(api.get("api/jobs/" + id + "/files/summary.json"));
        assertEquals("left.png", summary.get("inputs").get("image1").get("path").asText(), "the uploaded name, not the server's path");
        assertEquals(204, api.delete("api/jobs/" + id).statusCode());
    }

    @Test
    void eventsFollowARunningJobToItsEnd() throws Exception {
        String id = api.submit(three().subList(0, 2), Map.of("size", "224"));
        HttpResponse<String> events = api.get("api/jobs/" + id + "/events");
        List<String> data = events.body().lines().filter(l -> l.startsWith("data: ")).toList();
        assertTrue(data.size() >= 2, "one event per change: " + data);
        assertTrue(data.getLast().contains("\"state\":\"done\""), data.getLast());
        assertTrue(data.stream().anyMatch(l -> l.contains("\"state\":\"running\"")), "progress was pushed while it ran: " + data);
        assertEquals(204, api.delete("api/jobs/" + id).statusCode());
    }
}
