package org.mast3r.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.mast3r.common.Json;

/** A client of the API for the tests: the JDK's HttpClient, multipart bodies made by hand. */
record Api(HttpClient http, URI base) {
    static final String BOUNDARY = "mast3r-test-boundary";

    Api(URI base) {
        this(HttpClient.newHttpClient(), base);
    }

    /** A named upload: the file name the form gives, and its bytes. */
    record Upload(String filename, byte[] data) {}

    static byte[] form(List<Upload> images, Map<String, String> fields) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Upload u : images) {
            b.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"" + u.filename()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(u.data());
            b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        fields.forEach((k, v) -> b.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        b.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve("api/jobs"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    /** Submits and returns the id (the answer must be 202). */
    String submit(List<Upload> images, Map<String, String> fields) throws IOException, InterruptedException {
        HttpResponse<String> r = post(form(images, fields));
        if (r.statusCode() != 202) throw new AssertionError("POST answered " + r.statusCode() + ": " + r.body());
        return json(r).get("id").asText();
    }

    /** Polls until the job finished (at most 120 s: CI machines are shared) and returns its last state. */
    JsonNode await(String id) throws IOException, InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode j = json(get("api/jobs/" + id));
            String s = j.get("state").asText();
            if (s.equals("done") || s.equals("failed")) return j;
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish in 120 s");
    }
}
