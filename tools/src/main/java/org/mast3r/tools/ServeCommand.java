package org.mast3r.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mast3r.common.BadInputException;
import org.mast3r.image.Preprocess;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.serve.LoadedModel;
import org.mast3r.serve.ServeOptions;
import org.mast3r.serve.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a local web page: upload images, follow the job, look at the matches and the scene in 3D.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "CHECKPOINT",
            description = "Checkpoint folder (config.json + model.safetensors), .safetensors file with --config, or .pth.")
    Path model;

    @Mixin SharedOptions.Config config;
    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}: this machine only).") String host;
    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0: any free one).") int port;
    @Mixin SharedOptions.Threads threads;
    @Mixin SharedOptions.Device device;
    @Option(names = "--max-images", paramLabel = "N", defaultValue = "32", description = "Most images in one job (default ${DEFAULT-VALUE}).") int maxImages;
    @Option(names = "--max-upload-mb", paramLabel = "MB", defaultValue = "200", description = "Largest request body; larger ones are answered 413 (default ${DEFAULT-VALUE}).") int maxUploadMb;
    @Option(names = "--queue", paramLabel = "N", defaultValue = "4", description = "Jobs that may wait behind the running one; more are answered 429 (default ${DEFAULT-VALUE}).") int queue;
    @Option(names = "--work", paramLabel = "DIR", description = "Folder of the job folders (default: mast3r-serve in the temp folder); emptied of them at start and stop.") Path work;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) throw new BadInputException("--port", "must be between 0 and 65535");
        if (maxImages < 2) throw new BadInputException("--max-images", "must be 2 or more");
        if (maxUploadMb < 1) throw new BadInputException("--max-upload-mb", "must be 1 or more");
        if (queue < 1) throw new BadInputException("--queue", "must be 1 or more");
        boolean local = isLoopback(host);
        Path folder = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"), "mast3r-serve");
        ServeOptions options = new ServeOptions(host, port, maxImages, maxUploadMb * 1024L * 1024L, queue, folder, Preprocess.DEFAULT_MAX_PIXELS);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Mast3r m = Mast3r.load(model, config.file(), device.device, threads.resolve());
        out.printf(Locale.ROOT, "loaded %s (%,d parameters) from %s in %.2f s%n", m.config().modelClass(),
                m.checkpoint().parameterCount(), model, m.loadSeconds());
        WebServer server;
        try {
            server = WebServer.start(options, new LoadedModel(m, model, config.file(), device.device));
        } catch (IOException e) {
            m.close();
            throw new BadInputException("--port", "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
        }
        if (!local) err.println("mast3r: --host " + host + ": warning: the page and its API are open to other machines, without any login");
        out.println("serving " + server.address() + " (jobs in " + folder.toAbsolutePath() + "; Ctrl-C stops)");
        out.flush();
        err.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            m.close();
        }));
        new CountDownLatch(1).await();
        return Main.OK;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new BadInputException("--host", "unknown address " + host);
        }
    }
}
