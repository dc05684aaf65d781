package org.mast3r.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.run.ReconstructionJob;

/**
 * A real multi-JVM cluster: Spark's local-cluster mode, a standalone master and two workers in this JVM whose
 * executors are separate JVMs. When stage two's first task starts, the JVM of the executor running it is
 * killed (SIGKILL); Spark must rerun what it lost and the job must still commit every pair exactly once and
 * make the same scene as the single-machine run.
 */
class ExecutorLossTest {
    @TempDir Path tmp;

    @Test
    void anExecutorKilledDuringStageTwoChangesNothing() throws IOException {
        Path checkpoint = TinyScene.checkpoint(), expected = TinyScene.reference(), out = tmp.resolve("cluster");

        // the workers build executor commands from a Spark "home"; in testing mode they take the class path from
        // spark.executor.extraClassPath alone (this JVM's, surefire's manifest jar) and need no jars folder
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", tmp.toString());
        SparkSession spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("executor loss")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", String.join(" ", TinyScene.jvmFlags()))
                .config("spark.executorEnv.SPARK_TESTING", "1")
                .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                .config("spark.executorEnv.SPARK_HOME", tmp.toString())
                .getOrCreate();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger removed = new AtomicInteger(), stageTwo = new AtomicInteger(-1);
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted s) {
                if (s.stageInfo().name().startsWith("parquet")) stageTwo.compareAndSet(-1, s.stageInfo().stageId());
            }

            @Override
            public void onTaskStart(SparkListenerTaskStart t) {
                if (t.stageId() == stageTwo.get() && killed.compareAndSet(false, true)) kill(t.taskInfo().executorId());
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                removed.incrementAndGet();
            }
        });
        try {
            ReconstructionJob.Result r = SparkReconstruction.run(TinyScene.options(checkpoint, out).build(), "", "test", Progress.NONE, line -> {});
            assertTrue(killed.get(), "stage two never started");
            assertTrue(removed.get() >= 1, "no executor was lost");
            assertEquals(3, r.pairsComputed());
            List<String> committed = spark.read().parquet(out.resolve("pairs/rows.parquet").toString()).select("a", "b").collectAsList()
                    .stream().map(row -> Math.min(row.getInt(0), row.getInt(1)) + "-" + Math.max(row.getInt(0), row.getInt(1))).sorted().toList();
            assertEquals(List.of("0-1", "0-2", "1-2"), committed, "each pair committed exactly once");
        } finally {
            spark.stop();
            System.clearProperty("spark.testing");
            System.clearProperty("spark.test.home");
        }
        TinyScene.sameScene(expected, out);
    }

    /**
     * SIGKILL to the executor JVM with this id, a descendant of this JVM (the in-process worker started it). Its
     * command line is read from /proc: with the test class path in it, it is longer than ProcessHandle.Info shows.
     */
    private static void kill(String executorId) {
        byte[] marker = ("\0--executor-id\0" + executorId + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Optional<ProcessHandle> p = ProcessHandle.current().descendants().filter(h -> {
            try {
                byte[] cmd = java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
                return indexOf(cmd, marker) >= 0;
            } catch (IOException e) {
                return false;
            }
        }).findFirst();
        p.orElseThrow(() -> new IllegalStateException("no executor JVM with id " + executorId)).destroyForcibly();
    }

    private static int indexOf(byte[] text, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= text.length; i++) {
            for (int j = 0; j < part.length; j++) if (text[i + j] != part[j]) continue outer;
            return i;
        }
        return -1;
    }
}
