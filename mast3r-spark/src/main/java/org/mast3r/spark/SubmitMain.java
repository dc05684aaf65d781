package org.mast3r.spark;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.run.ReconstructArguments;
import org.mast3r.scene.run.ReconstructionJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The class spark-submit runs from mast3r-spark.jar: {@code mast3r reconstruct}'s arguments
 * ({@link ReconstructArguments}, the same declarations the command line parses) on spark-submit's master.
 * Progress and the job's notes go to stderr a line each, the files written to stdout, as reconstruct prints
 * them. Exit codes are the command line's: 0 done, 2 bad input (one line {@code mast3r: <subject>: <problem>}).
 */
@Command(name = "mast3r-spark", mixinStandardHelpOptions = true, version = Mast3r.ENGINE,
        description = "mast3r reconstruct as a Spark job: spark-submit --class org.mast3r.spark.SubmitMain mast3r-spark.jar IMAGES --model CHECKPOINT ...")
public final class SubmitMain implements Callable<Integer> {
    static final int OK = 0, BAD_INPUT = 2;

    @Mixin ReconstructArguments arguments;

    private PrintWriter out, err;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** One run with these arguments; what main exits with. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        SubmitMain main = new SubmitMain();
        main.out = out;
        main.err = err;
        CommandLine cli = new CommandLine(main).setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("mast3r: " + e.getMessage());
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println("mast3r: " + (e instanceof BadInputException ? e.getMessage() : "internal error: " + e));
            return BAD_INPUT;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Progress progress = new Progress() {
            @Override
            public void update(String stage, int done, int total) {
                err.println(stage + " " + done + "/" + total);
            }

            @Override
            public void step(String message) {
                err.println(message);
            }
        };
        ReconstructionJob.Result r = SparkReconstruction.run(arguments.options(), "", Mast3r.ENGINE, progress, progress::step);
        r.report().forEach(out::println);
        return OK;
    }
}
