package org.mast3r.serve;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code mast3r serve}: the JDK's HTTP server ({@code com.sun.net.httpserver}) with the page at {@code /} and the
 * API at {@code /api/jobs}, one loaded model, one job queue. Requests run on virtual threads, so event streams that
 * wait cost no platform thread. {@link #close} stops serving and removes every job folder.
 */
public final class WebServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService requests;
    private final JobQueue queue;

    private WebServer(HttpServer http, ExecutorService requests, JobQueue queue) {
        this.http = http;
        this.requests = requests;
        this.queue = queue;
    }

    /** Binds and starts serving. */
    public static WebServer start(ServeOptions options, LoadedModel model) throws IOException {
        return start(options, model, Map.of("reconstruct", new ReconstructRunner(), "match", new MatchRunner()));
    }

    /** With the modes given (tests add one that waits). */
    static WebServer start(ServeOptions options, LoadedModel model, Map<String, JobRunner> runners) throws IOException {
        WorkFolder work = new WorkFolder(options.work());
        JobQueue queue = new JobQueue(options.queue(), model, runners, work);
        HttpServer http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(requests);
        http.createContext("/api/jobs", new ApiHandler(options, queue, work));
        http.createContext("/", new PageHandler());
        http.start();
        return new WebServer(http, requests, queue);
    }

    /** The page's address, e.g. http://127.0.0.1:8080/. */
    public URI address() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    @Override
    public void close() {
        http.stop(0);
        requests.shutdownNow();
        queue.close();
    }
}
