package org.mast3r.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.mast3r.common.Json;

/**
 * {@code /api/jobs}: {@code POST} (multipart upload, 202 {"id"}), {@code GET /{id}} (the job as JSON),
 * {@code GET /{id}/events} (the same as server-sent events), {@code GET /{id}/files/{name}} (one listed output),
 * {@code DELETE /{id}} (a finished job). Every error is {@code {"error": "mast3r: ..."}}; nothing else leaks.
 */
final class ApiHandler implements HttpHandler {
    /** Uploads held in memory at once (each at most --max-upload-mb); more wait their turn. */
    private static final int UPLOADS_AT_ONCE = 2;
    private static final Map<String, String> TYPES = Map.of(
            "csv", "text/csv", "json", "application/json", "png", "image/png", "jpg", "image/jpeg",
            "ply", "application/octet-stream", "glb", "model/gltf-binary", "zip", "application/zip");

    private final ServeOptions options;
    private final JobQueue queue;
    private final WorkFolder work;
    private final Semaphore uploads = new Semaphore(UPLOADS_AT_ONCE);

    ApiHandler(ServeOptions options, JobQueue queue, WorkFolder work) {
        this.options = options;
        this.queue = queue;
        this.work = work;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (HttpError e) {
            Answers.error(ex, e.status, e.getMessage());
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (RuntimeException | OutOfMemoryError e) {
            Answers.error(ex, 500, "mast3r: internal error: " + e.getClass().getSimpleName());
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String[] seg = ex.getRequestURI().getRawPath().substring("/api/jobs".length()).split("/", -1);
        String method = ex.getRequestMethod();
        // seg[0] is "" (the path is /api/jobs or goes on with a slash), then {id}, then events | files, then {name}
        if (!seg[0].isEmpty()) throw new HttpError(404, "mast3r: " + ex.getRequestURI().getRawPath() + ": no such address");
        if (seg.length <= 1 || seg.length == 2 && seg[1].isEmpty()) {
            if (!method.equals("POST")) throw notAllowed(method);
            post(ex);
            return;
        }
        Job job = queue.get(seg[1]);
        if (seg.length == 2) {
            switch (method) {
                case "GET" -> Answers.json(ex, 200, job.json());
                case "DELETE" -> {
                    queue.delete(job.id);
                    Answers.send(ex, 204, "application/json", new byte[0]);
                }
                default -> throw notAllowed(method);
            }
        } else if (seg.length == 3 && seg[2].equals("events") && method.equals("GET")) {
            EventStream.send(ex, job);
        } else if (seg.length == 4 && seg[2].equals("files") && method.equals("GET")) {
            file(ex, job, seg[3]);
        } else {
            throw new HttpError(404, "mast3r: " + ex.getRequestURI().getRawPath() + ": no such address");
        }
    }

    private void post(HttpExchange ex) throws IOException {
        uploads.acquireUninterruptibly();
        Job job;
        try {
            job = JobRequest.create(MultipartForm.read(ex, options.maxUploadBytes(), options.maxImages() + 16), options, queue, work);
        } finally {
            uploads.release();
        }
        queue.submit(job);
        Answers.json(ex, 202, Json.MAPPER.createObjectNode().put("id", job.id));
    }

    /** Only a name the job lists is served, looked up in its output folder; a name is never taken as a path. */
    private static void file(HttpExchange ex, Job job, String name) throws IOException {
        if (!job.files().contains(name)) throw new HttpError(404, "mast3r: " + job.id + ": no file " + name);
        Path f = job.folder.resolve("out").resolve(name);
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + "\"");
        Answers.send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), Files.readAllBytes(f));
    }

    private static HttpError notAllowed(String method) {
        return new HttpError(405, "mast3r: " + method + ": method not allowed here");
    }
}
