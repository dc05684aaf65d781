package org.mast3r.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mast3r.common.BadInputException;

/**
 * The jobs of one loaded model: one worker runs them in turn, at most {@code capacity} wait behind it (one more is
 * refused with 429), and every job stays listed until deleted or the server stops.
 */
final class JobQueue implements AutoCloseable {
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor worker;
    private final LoadedModel model;
    private final Map<String, JobRunner> runners;
    private final WorkFolder work;

    JobQueue(int capacity, LoadedModel model, Map<String, JobRunner> runners, WorkFolder work) {
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, capacity)),
                r -> Thread.ofPlatform().name("mast3r-serve-worker").daemon().unstarted(r));
        this.model = model;
        this.runners = runners;
        this.work = work;
    }

    JobRunner runner(String mode) {
        return runners.get(mode);
    }

    Job get(String id) {
        Job j = Job.isId(id) ? jobs.get(id) : null;
        if (j == null) throw new HttpError(404, "mast3r: " + id + ": no such job");
        return j;
    }

    /** Queues a job whose folder is in place; a full queue removes the folder and answers 429. */
    void submit(Job job) throws IOException {
        jobs.put(job.id, job);
        try {
            worker.execute(() -> execute(job));
        } catch (RejectedExecutionException e) {
            jobs.remove(job.id);
            work.remove(job.folder);
            throw new HttpError(429, "mast3r: queue: full (" + worker.getQueue().size() + " jobs wait; --queue)");
        }
    }

    /** Removes a finished job and its folder; a queued or running one is answered 409. */
    void delete(String id) throws IOException {
        Job j = get(id);
        if (!j.finished()) throw new HttpError(409, "mast3r: " + id + ": job is " + j.state() + "; only a finished job can be deleted");
        if (jobs.remove(id, j)) work.remove(j.folder);
    }

    private void execute(Job job) {
        job.start();
        Path partial = job.folder.resolve("out.partial");
        try {
            Files.createDirectory(partial);
            runners.get(job.mode).run(model, job.images, new FormOptions(job.options), partial, job);
            List<String> files = JobFiles.complete(partial, job);
            WorkFolder.publishOutput(partial, job.folder);
            job.finish(files);
        } catch (BadInputException e) {
            job.fail("mast3r: " + job.named(e.getMessage(), false));
        } catch (OutOfMemoryError e) {
            job.fail("mast3r: memory: out of Java heap (raise it with MAST3R_JAVA_OPTS=-Xmx...)");
        } catch (IOException | RuntimeException e) {
            job.fail("mast3r: internal error: " + job.named(String.valueOf(e), false));
        } finally {
            try {
                WorkFolder.deleteTree(partial);
            } catch (IOException ignored) {
                // the job folder goes as a whole when deleted or at stop
            }
        }
    }

    /** Stops the worker (a running job is interrupted where it checks) and removes every job folder. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobs.clear();
        work.clear();
    }
}
