package org.mast3r.spark;

import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.run.Aligner;
import org.mast3r.scene.run.ReconstructOptions;
import org.mast3r.scene.run.ReconstructionJob;

/**
 * {@code mast3r reconstruct} with its pairs on Spark: the same options, checks and outputs as
 * {@link ReconstructionJob}, whose {@link SparkPairRunner} runs stage one (encodings) and stage two (pairs) on
 * the executors; pre-processing, the alignment and the files stay on the driver. The command line's
 * {@code --spark MASTER} calls {@link #run}; under spark-submit the master is spark-submit's.
 */
public final class SparkReconstruction {
    /** The master when none is given and spark-submit set none: every core of this machine, in this JVM. */
    public static final String EMBEDDED = "local[*]";

    private SparkReconstruction() {}

    /**
     * Runs the job; {@code master} is a Spark master URL (local[N], spark://host:7077, yarn, k8s://...), or
     * empty for spark-submit's (else {@link #EMBEDDED}). A session this call starts, it stops.
     */
    public static ReconstructionJob.Result run(ReconstructOptions options, String master, String engine, Progress progress, Consumer<String> log) {
        boolean running = SparkSession.getActiveSession().isDefined();
        SparkSession spark = session(master);
        try {
            RemoteImages images = RemoteImages.of(options.images(), spark.sparkContext().hadoopConfiguration());
            log.accept("spark: " + spark.sparkContext().master() + ", " + spark.sparkContext().defaultParallelism() + " task slots");
            return new ReconstructionJob(options.withImages(images.files()), engine, Aligner.SPARSE_GA, new SparkPairRunner(spark, images.uris()))
                    .run(progress, log);
        } catch (Exception e) {                         // SparkException is checked, and thrown undeclared
            throw TaskFailures.reported(e);
        } finally {
            if (!running) spark.stop();
        }
    }

    /** The running session (a test's, a notebook's), else a new one on {@code master}; a master Spark cannot parse is bad input. */
    private static SparkSession session(String master) {
        SparkConf conf = new SparkConf().setAppName("mast3r reconstruct");
        if (!master.isEmpty()) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster(EMBEDDED);
        // on this machine alone the web UI is only start-up time and a port; on a cluster it stays as configured
        if (conf.get("spark.master").startsWith("local") && !conf.contains("spark.ui.enabled")) conf.set("spark.ui.enabled", "false");
        try {
            return SparkSession.builder().config(conf).getOrCreate();
        } catch (Exception e) {                         // SparkException, thrown undeclared
            if (String.valueOf(e.getMessage()).startsWith("Could not parse Master URL")) {
                throw new BadInputException(conf.get("spark.master"), "is not a Spark master URL (local[N], spark://HOST:PORT, yarn, k8s://...)", e);
            }
            throw e;
        }
    }
}
