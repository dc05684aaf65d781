package org.mast3r.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the server refuses, and how: a status, one {@code mast3r: <subject>: <problem>} line, never a trace. */
class ApiLimitsTest {
    static WebServer server;
    static Api api;

    @BeforeAll
    static void start() throws IOException {
        server = TinyServer.start(TinyServer.options(4, 2L << 20, 1_000_000));
        api = new Api(server.address());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Api.Upload> two() {
        return List.of(new Api.Upload("a.png", TestImages.png(96, 64, 0)), new Api.Upload("b.png", TestImages.png(96, 64, 8)));
    }

    /** The answer is {@code status} with one error line that contains {@code expected}. */
    static void refused(HttpResponse<String> r, int status, String expected) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        String error = Api.json(r).get("error").asText();
        assertTrue(error.startsWith("mast3r: ") && error.contains(expected), error);
        assertFalse(error.contains("\n") || error.contains("Exception") || error.contains("\tat "), error);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        byte[] big = Api.form(List.of(new Api.Upload("big.png", new byte[3 << 20]), two().get(0)), Map.of());
        refused(api.post(big), 413, "--max-upload-mb 2");
        // without a Content-Length (chunked), the counting stream stops it
        HttpResponse<String> chunked = api.http().send(HttpRequest.newBuilder(api.base().resolve("api/jobs"))
                .header("Content-Type", "multipart/form-data; boundary=" + Api.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(), HttpResponse.BodyHandlers.ofString());
        refused(chunked, 413, "--max-upload-mb 2");
    }

    @Test
    void imageCountsAndPixelsAreChecked() throws Exception {
        refused(api.post(Api.form(two().subList(0, 1), Map.of())), 400, "images: need 2 or more images, got 1");
        List<Api.Upload> seven = new ArrayList<>(Collections.nCopies(7, two().get(0)));
        refused(api.post(Api.form(seven, Map.of())), 400, "images: 7 images; this server takes at most 6");
        List<Api.Upload> huge = List.of(two().get(0), new Api.Upload("huge.png", TestImages.png(1200, 1000, 0)));
        refused(api.post(Api.form(huge, Map.of())), 400, "huge.png: ");
    }

    @Test
    void aMalformedImageIsNamedAsUploaded() throws Exception {
        List<Api.Upload> broken = List.of(two().get(0), new Api.Upload("../../etc/broken.jpg", "not an image".getBytes()));
        refused(api.post(Api.form(broken, Map.of())), 400, "mast3r: ../../etc/broken.jpg: not a PNG or JPEG image");
        byte[] truncated = java.util.Arrays.copyOf(TestImages.png(96, 64, 0), 200);
        refused(api.post(Api.form(List.of(two().get(0), new Api.Upload("cut.png", truncated)), Map.of())), 400, "mast3r: cut.png: ");
    }

    @Test
    void optionsAreCheckedAndNamedLikeTheForm() throws Exception {
        refused(api.post(Api.form(two(), Map.of("mode", "reconstruct", "niter1", "many"))), 400, "niter1: must be an integer");
        refused(api.post(Api.form(two(), Map.of("mode", "reconstruct", "colour", "red"))), 400, "colour: not an option of reconstruct");
        refused(api.post(Api.form(two(), Map.of("mode", "reconstruct", "scene_graph", "everything"))), 400, "scene_graph: ");
        refused(api.post(Api.form(two(), Map.of("mode", "reconstruct", "size", "300"))), 400, "size: must be 512 or 224");
        refused(api.post(Api.form(two(), Map.of("mode", "sing"))), 400, "mode: must be match or reconstruct");
        HttpResponse<String> plain = api.http().send(HttpRequest.newBuilder(api.base().resolve("api/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString("images=a.png")).build(), HttpResponse.BodyHandlers.ofString());
        refused(plain, 400, "expected a multipart/form-data body");
    }

    @Test
    void aJobThatFailsSaysWhyAndTheServerGoesOn() throws Exception {
        List<Api.Upload> thin = List.of(two().get(0), new Api.Upload("thin.png", TestImages.png(2, 300, 0)));
        String id = api.submit(thin, Map.of("mode", "reconstruct"));
        JsonNode failed = api.await(id);
        assertEquals("failed", failed.get("state").asText());
        String error = failed.get("error").asText();
        assertTrue(error.startsWith("mast3r: thin.png: image of 2x300 is too thin"), error);
        assertEquals(List.of(), List.copyOf(iterable(failed.get("files"))));
        assertEquals(200, api.get("").statusCode());
        assertEquals(204, api.delete("api/jobs/" + id).statusCode());
    }

    @Test
    void unknownAddressesAndMethods() throws Exception {
        refused(api.get("api/jobs/AAAAAAAAAAAAAAAAAAAAAA"), 404, "no such job");
        refused(api.get("api/jobs/..%2F..%2Fetc"), 404, "no such job");
        refused(api.get("api/jobs"), 405, "GET: method not allowed");
        refused(api.get("nothing.html"), 404, "no such page");
        refused(api.get("vendor/three/..%2F..%2Fapp.js"), 404, "no such page");
        HttpResponse<String> page = api.get("?job=x");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("\"three\": \"./vendor/three/three.module.min.js\""), "the import map names the bundled three.js");
        assertEquals(200, api.get("vendor/three/three.module.min.js").statusCode());
        assertEquals(200, api.get("vendor/three/OrbitControls.js").statusCode());
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
