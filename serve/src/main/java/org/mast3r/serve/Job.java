package org.mast3r.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.mast3r.common.Json;
import org.mast3r.pipeline.Progress;

/**
 * One upload's run: its random id, its folder, the state the API reports (fed by the run as its {@link Progress}),
 * and a version number that each change bumps so that event streams wait for the next one ({@link #awaitChange}).
 */
final class Job implements Progress {
    enum State { queued, running, done, failed }

    /** Log lines kept for the page (alignment losses come as lines); older ones drop out. */
    private static final int LOG_LINES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    final String id;
    final String mode;
    final Path folder;
    /** The stored image files, in upload order, and the names they were uploaded as (for messages only). */
    final List<Path> images;
    final List<String> uploadedNames;
    /** Form parts named like the CLI's options (scene_graph, coarse_to_fine, ...), as given. */
    final Map<String, String> options;

    private State state = State.queued;
    private String stage = "queued";
    private int done, total;
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private String error;
    private List<String> files = List.of();
    private long version;

    Job(String id, String mode, Path folder, List<Path> images, List<String> uploadedNames, Map<String, String> options) {
        this.id = id;
        this.mode = mode;
        this.folder = folder;
        this.images = List.copyOf(images);
        this.uploadedNames = List.copyOf(uploadedNames);
        this.options = Map.copyOf(options);
    }

    /** 16 random bytes, base64url without padding: 22 characters of [A-Za-z0-9_-]. */
    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static boolean isId(String s) {
        return s.length() == 22 && s.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }

    /**
     * {@code text} with the stored image paths replaced by the names they were uploaded as and the job folder by
     * "job" (server paths never leave the server); {@code json} escapes the names for the inside of a JSON string.
     */
    String named(String text, boolean json) {
        UnaryOperator<String> form = json ? Job::jsonEscaped : UnaryOperator.identity();
        String t = text;
        for (int i = 0; i < images.size(); i++) t = t.replace(form.apply(images.get(i).toString()), form.apply(uploadedNames.get(i)));
        return t.replace(form.apply(folder.toString()), "job");
    }

    private static String jsonEscaped(String s) {
        try {
            String quoted = Json.MAPPER.writeValueAsString(s);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string could not be serialised", e);
        }
    }

    synchronized State state() {
        return state;
    }

    synchronized boolean finished() {
        return state == State.done || state == State.failed;
    }

    synchronized void start() {
        state = State.running;
        stage = "starting";
        changed();
    }

    @Override
    public synchronized void update(String stage, int done, int total) {
        this.stage = stage;
        this.done = done;
        this.total = total;
        changed();
    }

    @Override
    public synchronized void step(String line) {
        if (log.size() == LOG_LINES) log.removeFirst();
        log.addLast(line);
        changed();
    }

    synchronized void finish(List<String> files) {
        this.files = List.copyOf(files);
        state = State.done;
        stage = "done";
        changed();
    }

    synchronized void fail(String message) {
        error = message;
        state = State.failed;
        stage = "failed";
        changed();
    }

    synchronized List<String> files() {
        return files;
    }

    synchronized long version() {
        return version;
    }

    /** Waits until the version differs from {@code seen} or {@code millis} pass; returns the version now. */
    synchronized long awaitChange(long seen, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (version == seen) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) break;
            wait(left);
        }
        return version;
    }

    /** {@code {"id", "state", "progress": {mode, stage, done, total, log}, "error" (failed only), "files"}}. */
    synchronized ObjectNode json() {
        ObjectNode j = Json.MAPPER.createObjectNode();
        j.put("id", id);
        j.put("state", state.name());
        ObjectNode p = j.putObject("progress");
        p.put("mode", mode);
        p.put("stage", stage);
        p.put("done", done);
        p.put("total", total);
        p.putPOJO("log", List.copyOf(log));
        if (state == State.failed) j.put("error", error);
        j.putPOJO("files", files);
        return j;
    }

    private void changed() {
        version++;
        notifyAll();
    }
}
