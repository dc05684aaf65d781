package org.mast3r.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mast3r.pipeline.Progress;

/**
 * The queue: one job runs, {@code --queue} wait, one more is answered 429; and 20 clients polling while 4 jobs
 * wait get no error. The jobs here are a mode that holds until released and reports progress, so the test is
 * about the server, not the model.
 */
class QueueLoadTest {
    /** Counts to {@code steps}, one step a {@code stepMs}, after {@code release} opens; writes one file. */
    record HeldRunner(CountDownLatch release, int steps, long stepMs) implements JobRunner {
        @Override
        public void check(FormOptions options, int images) {}

        @Override
        public void run(LoadedModel model, List<Path> images, FormOptions options, Path out, Progress progress) {
            try {
                release.await();
                for (int k = 1; k <= steps; k++) {
                    Thread.sleep(stepMs);
                    progress.update("steps", k, steps);
                    progress.step("step " + k);
                }
                Files.writeString(out.resolve("result.json"), "{\"input\": \"" + images.getFirst() + "\"}\n");
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final List<Api.Upload> TWO = List.of(new Api.Upload("one.png", TestImages.png(64, 48, 0)), new Api.Upload("two \"quoted\".png", TestImages.png(64, 48, 4)));

    /** A server whose "held" runner waits for release, then takes steps x stepMs; its queue holds queue jobs. */
    static WebServer heldServer(int queue, CountDownLatch release, int steps, int stepMs) throws IOException {
        return TinyServer.start(TinyServer.options(queue, 10L << 20, 1_000_000), Map.of("held", new HeldRunner(release, steps, stepMs)));
    }

    /** Submits {@link #TWO} in "held" mode count times; the job ids. */
    static List<String> submitHeld(Api api, int count) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) ids.add(api.submit(TWO, Map.of("mode", "held")));
        return ids;
    }

    @Test
    void aFullQueueAnswers429AndOnlyFinishedJobsGo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WebServer server = heldServer(2, release, 2, 10)) {
            Api api = new Api(server.address());
            List<String> ids = submitHeld(api, 3);
            ApiLimitsTest.refused(api.post(Api.form(TWO, Map.of("mode", "held"))), 429, "queue: full");
            ApiLimitsTest.refused(api.delete("api/jobs/" + ids.get(2)), 409, "job is queued");
            release.countDown();
            for (String id : ids) assertEquals("done", api.await(id).get("state").asText());
            JsonNode result = Api.json(api.get("api/jobs/" + ids.getFirst() + "/files/result.json"));
            assertEquals("one.png", result.get("input").asText(), "the stored path became the uploaded name");
            for (String id : ids) assertEquals(204, api.delete("api/jobs/" + id).statusCode());
        }
    }

    @Test
    void twentyClientsPollWhileFourJobsQueue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WebServer server = heldServer(4, release, 10, 50)) {
            Api api = new Api(server.address());
            List<String> ids = submitHeld(api, 5);
            Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
            long peakBefore = Rss.peakKb();
            long t0 = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(20);
            List<Future<?>> polls = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                int client = c;
                polls.add(clients.submit(() -> {
                    Api own = new Api(server.address());
                    for (int k = 0; ; k++) {
                        if (client == 0 && k == 50) release.countDown();
                        String id = ids.get((client + k) % ids.size());
                        var r = own.get("api/jobs/" + id);
                        answers.computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
                        if (Api.json(own.get("api/jobs/" + ids.getLast())).get("state").asText().equals("done")) return null;
                    }
                }));
            }
            for (Future<?> f : polls) f.get();
            clients.shutdown();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long total = answers.values().stream().mapToLong(AtomicLong::get).sum();
            assertEquals(Map.of(200, total), Map.of(200, answers.getOrDefault(200, new AtomicLong()).get()), "every answer was 200: " + answers);
            for (String id : ids) assertEquals("done", api.await(id).get("state").asText());
            long peak = Rss.peakKb();
            System.out.printf(Locale.ROOT, "serve load: %d GET /api/jobs/{id} (x2 per loop) by 20 clients in %.2f s = %.0f requests/s; peak RSS %d MiB (before the load %d MiB)%n",
                    total, seconds, 2 * total / seconds, peak / 1024, peakBefore / 1024);
            assertTrue(peak < 4L << 20, "peak RSS " + peak / 1024 + " MiB");
        }
    }
}
