package org.mast3r.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.scene.run.ReconstructArguments;
import org.mast3r.scene.run.ReconstructOptions;
import org.mast3r.scene.run.ReconstructionJob;
import org.mast3r.spark.SparkReconstruction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mast3r reconstruct}: many images in, one scene out. Its options are {@link ReconstructArguments}, which
 * the Spark job's main (org.mast3r.spark.SubmitMain) parses as well, plus --quiet and --spark; it runs
 * {@link ReconstructionJob} and prints progress on stderr and the files written on stdout.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Reconstruct a scene from many images: cameras.json, scene.ply, depth and confidence pictures, summary.json in --out.")
public final class ReconstructCommand implements Callable<Integer> {
    @Mixin ReconstructArguments arguments;
    @Mixin SharedOptions.Quiet quiet;
    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "",
            description = "Run the pairs as a Spark job on MASTER (local[N], spark://host:7077, yarn, k8s://...); alone: spark-submit's master, else local[*].")
    String spark;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        ReconstructOptions options = arguments.options();
        ProgressLine progress = quiet.progress(spec);
        ReconstructionJob.Result r = spark == null ? new ReconstructionJob(options, Mast3r.ENGINE).run(progress, progress::step)
                : onSpark(options, Mast3r.ENGINE, progress);
        PrintWriter stdout = spec.commandLine().getOut();
        r.report().forEach(stdout::println);
        stdout.flush();
        return Main.OK;
    }

    /** The job on Spark; its classes are on the class path only when the launcher saw --spark (or under spark-submit). */
    private ReconstructionJob.Result onSpark(ReconstructOptions options, String engine, ProgressLine progress) {
        try {
            Class.forName("org.apache.spark.sql.SparkSession");
        } catch (ClassNotFoundException e) {
            throw new BadInputException("--spark", "Spark is not on the class path (run through ./mast3r, which adds mast3r-spark/target/lib, or spark-submit)");
        }
        return SparkReconstruction.run(options, spark, engine, progress, progress::step);
    }
}
