package org.mast3r.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.run.Aligner;
import org.mast3r.scene.run.ReconstructOptions;
import org.mast3r.scene.run.ReconstructionJob;

/** The job in local[2] against the single-machine reconstruct: same pairs, same bits, same cameras; resume; bad images. */
class SparkReconstructionTest {
    @TempDir static Path tmp;
    static Path checkpoint, expected;
    static SparkSession spark;

    @BeforeAll
    static void setUp() throws IOException {
        checkpoint = TinyScene.checkpoint();
        expected = TinyScene.reference();
        spark = SparkSession.builder().master("local[2]").appName("test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    private static ReconstructionJob.Result onSpark(ReconstructOptions options, List<String> log) {
        return SparkReconstruction.run(options, "", "test", Progress.NONE, log::add);
    }

    @Test
    void sameSceneAsReconstructThenResumes() throws IOException {
        Path out = tmp.resolve("spark");
        List<String> log = new ArrayList<>();
        ReconstructionJob.Result r = onSpark(TinyScene.options(checkpoint, out).build(), log);
        assertEquals(3, r.pairsComputed());
        TinyScene.sameScene(expected, out);
        assertEquals(3, spark.read().parquet(out.resolve("pairs/rows.parquet").toString()).count(), "one row per pair");
        try (Stream<Path> s = Files.list(out.resolve("pairs/rows.parquet"))) {
            assertEquals(3, s.filter(p -> p.getFileName().toString().startsWith("part-")).count(), "a task, and so a file, per pair");
        }

        // committed rows whose pair files were lost (a driver that died after the commit) are taken, not recomputed
        try (Stream<Path> s = Files.list(out.resolve("pairs"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("pair-0-")).toList()) Files.delete(p);
        }
        log.clear();
        ReconstructionJob.Result again = onSpark(TinyScene.options(checkpoint, out).resume(true).build(), log);
        assertEquals(2, again.pairsComputed(), "the store lacked the two pairs of image 0");
        assertTrue(log.contains("pairs: 2 taken from the committed rows in " + out.resolve("pairs/rows.parquet").toUri()), String.join("\n", log));
        assertEquals(3, spark.read().parquet(out.resolve("pairs/rows.parquet").toString()).count(), "nothing recomputed");
        TinyScene.sameScene(expected, out);
    }

    @Test
    void aBadImageOnTheExecutorsIsOneMessageNamingIt() throws IOException {
        // the driver reads the good renders; the executors are pointed at a file that is no image for image 2
        Path bad = Files.writeString(tmp.resolve("broken.png"), "not a png");
        Path out = tmp.resolve("bad");
        ReconstructOptions options = TinyScene.options(checkpoint, out).build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try {
                new ReconstructionJob(options, "test", Aligner.SPARSE_GA, new SparkPairRunner(spark, Map.of(TinyScene.IMAGES.get(2), bad.toUri().toString())))
                        .run(Progress.NONE, line -> {});
            } catch (Exception x) {
                throw TaskFailures.reported(x);
            }
        });
        BadInputException bie = assertThrows(BadInputException.class, () -> { throw e; });
        assertEquals(bad.toUri().toString(), bie.subject(), bie.getMessage());
        assertEquals(1, bie.getMessage().lines().count(), bie.getMessage());
    }

    @Test
    void aBadInputInATaskIsFoundInTheJobsFailure() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Exception e = assertThrows(Exception.class, () -> jsc.parallelize(List.of(1, 2), 2).map(x -> {
            if (x == 2) throw new BadInputException("hdfs://nn/scene/b.jpg", "cannot decode");
            return x;
        }).collect());
        RuntimeException reported = TaskFailures.reported(e);
        assertEquals("hdfs://nn/scene/b.jpg: cannot decode", reported.getMessage());
        RuntimeException text = TaskFailures.reported(new RuntimeException("Job aborted: Lost task 1.0: "
                + BadInputException.class.getName() + ": hdfs://nn/scene/b.jpg: cannot decode\n\tat org.mast3r..."));
        assertEquals("hdfs://nn/scene/b.jpg: cannot decode", text.getMessage(), "from the text of a cluster's failure");
    }

    @Test
    void remoteArgumentsAreToldFromLocalPaths() {
        assertEquals("hdfs://nn:8020/scene", RemoteImages.remoteUri(Path.of("hdfs://nn:8020/scene")));
        assertEquals("s3a://bucket/a.jpg", RemoteImages.remoteUri(Path.of("s3a://bucket/a.jpg")));
        assertEquals(null, RemoteImages.remoteUri(Path.of("file:///tmp/a.png")));
        assertEquals(null, RemoteImages.remoteUri(Path.of("scene/a.png")));
        assertEquals(Path.of("/tmp/a.png"), RemoteImages.localPath(Path.of("file:///tmp/a.png")));
        assertEquals(Path.of("scene/a.png"), RemoteImages.localPath(Path.of("scene/a.png")));
    }
}
