package org.mast3r.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import org.mast3r.common.Json;

/**
 * {@code GET /api/jobs/{id}/events}: the job's JSON (as {@code GET /api/jobs/{id}} answers it) as one
 * {@code data:} event per change, a comment line every 15 s while nothing changes, closed once the job finished.
 */
final class EventStream {
    private static final long KEEP_ALIVE_MS = 15_000;

    private EventStream() {}

    static void send(HttpExchange ex, Job job) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            long seen = -1;
            while (true) {
                long now = seen < 0 ? job.version() : job.awaitChange(seen, KEEP_ALIVE_MS);
                if (now == seen) {
                    out.write(Answers.utf8(": waiting\n\n"));
                    out.flush();
                    continue;
                }
                seen = now;
                // read after the version, so at least as new: an event that says finished is the last one
                ObjectNode state = job.json();
                out.write(Answers.utf8("data: " + Json.MAPPER.writeValueAsString(state) + "\n\n"));
                out.flush();
                String s = state.get("state").asText();
                if (s.equals("done") || s.equals("failed")) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}
