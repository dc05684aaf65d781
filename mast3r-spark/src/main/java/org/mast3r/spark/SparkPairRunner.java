package org.mast3r.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.HashPartitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.mast3r.pipeline.Progress;
import org.mast3r.scene.run.PairRunner;
import org.mast3r.scene.run.PairWork;
import org.mast3r.scene.run.ReconstructOptions;
import org.mast3r.scene.run.SymmetricPair;
import scala.Tuple2;

/**
 * The pairs of a reconstruction as Spark stages. Stage one reads each needed image through Hadoop's FileSystem
 * API and encodes it once on an executor, an image a task; the encodings stay partitioned by image (memory, then
 * disk). Stage two joins each pair with its two encodings and runs both decoder passes and the matches on the
 * executor's model ({@link ExecutorModel}), a pair a task, so that every task slot is busy whatever the graph;
 * its rows ({@link PairRows}) go to Parquet through Spark's commit protocol, in batches of
 * {@value #BATCH_PER_CORE} pairs per task slot, each batch one committed append (a file per pair). The driver
 * then checks that every pair was committed exactly once and copies the rows into the run's pair store, from
 * which the alignment reads as after a local run.
 *
 * <p>Retries are Spark's: a failed task or a lost executor (and the encodings or shuffle files it held) is
 * recomputed, and only committed task outputs reach the Parquet folder. A re-run with --resume first takes the
 * pairs already committed there. The rows live in {@code out/pairs/rows.parquet} unless the Spark setting
 * {@code spark.mast3r.rows} names another folder (one every executor can write, on a cluster without a shared
 * file system: hdfs:// or s3a://).
 */
final class SparkPairRunner implements PairRunner {
    /** Pairs per committed batch, per default parallelism: small enough to resume from, big enough to keep every core busy. */
    private static final int BATCH_PER_CORE = 8;

    private final SparkSession spark;
    private final Map<Path, String> uris;

    /** {@code uris}: the URI executors read for a local image path (staged copies of remote images); others are read as file URIs. */
    SparkPairRunner(SparkSession spark, Map<Path, String> uris) {
        this.spark = spark;
        this.uris = Map.copyOf(uris);
    }

    @Override
    public void run(PairWork work, Progress progress, Consumer<String> log) {
        ReconstructOptions o = work.options();
        String rows = spark.conf().get("spark.mast3r.rows", work.store().folder().resolve("rows.parquet").toAbsolutePath().toUri().toString());
        List<int[]> todo = work.missing();
        if (!o.resume()) delete(rows);
        else if (!todo.isEmpty()) todo = importRows(rows, todo, work, log);
        if (todo.isEmpty()) return;

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // image indices hash to themselves: each image is a partition, and so a task, of its own
        HashPartitioner byImage = new HashPartitioner(work.files().size());
        long t = System.nanoTime();
        JavaPairRDD<Integer, Encoding> encodings = encode(jsc, work, todo, byImage);
        long encoded = encodings.count();
        progress.update("images encoded", (int) encoded, (int) encoded);
        long now = System.nanoTime();
        work.seconds().merge("encode", (now - t) / 1e9, Double::sum);

        for (int done = 0; done < todo.size(); ) {
            // the task slots of now, not of the start: executors that register late (a cluster filling up) widen later batches
            int batch = BATCH_PER_CORE * jsc.defaultParallelism();
            List<int[]> part = todo.subList(done, Math.min(todo.size(), done + batch));
            JavaRDD<Row> out = runPairs(jsc, new ArrayList<>(part), encodings, byImage, o);
            spark.createDataFrame(out, PairRows.SCHEMA).write().mode(SaveMode.Append).parquet(rows);
            done += part.size();
            progress.update("pairs", done, todo.size());
        }
        encodings.unpersist(false);
        List<int[]> left = importRows(rows, todo, work, log);
        if (!left.isEmpty()) throw new IllegalStateException(left.size() + " pairs are missing from " + rows + " after the job");
        work.seconds().merge("pairs", (System.nanoTime() - now) / 1e9, Double::sum);
    }

    /** Stage one: (image, encoding) for every image a pair of {@code todo} needs, partitioned by image and kept. */
    private JavaPairRDD<Integer, Encoding> encode(JavaSparkContext jsc, PairWork work, List<int[]> todo, HashPartitioner byImage) {
        TreeSet<Integer> needed = new TreeSet<>();
        for (int[] p : todo) {
            needed.add(p[0]);
            needed.add(p[1]);
        }
        List<Tuple2<Integer, String>> inputs = new ArrayList<>();
        for (int i : needed) {
            Path f = work.files().get(i);
            inputs.add(new Tuple2<>(i, uris.getOrDefault(f, f.toAbsolutePath().toUri().toString())));
        }
        ReconstructOptions o = work.options();
        String checkpoint = o.checkpoint().toAbsolutePath().toString(), config = o.config() == null ? null : o.config().toAbsolutePath().toString();
        String device = o.device();
        int size = o.size();
        return jsc.parallelizePairs(inputs, Math.min(inputs.size(), byImage.numPartitions())).partitionBy(byImage)
                .mapValues(uri -> Encoding.of(ExecutorModel.get(checkpoint, config, device, TaskContext.get().cpus())
                        .encode(HadoopImages.prepare(uri, size, new Configuration()))))
                .setName("encodings").persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * Stage two: each pair (a, b) joined with a's then b's encoding, then moved to a partition of its own (the joins
     * leave it in b's, where a popular image would pile its pairs into one task), run on the executor's model, as a row.
     */
    private static JavaRDD<Row> runPairs(JavaSparkContext jsc, List<int[]> pairs, JavaPairRDD<Integer, Encoding> encodings,
                                         HashPartitioner byImage, ReconstructOptions o) {
        String checkpoint = o.checkpoint().toAbsolutePath().toString(), config = o.config() == null ? null : o.config().toAbsolutePath().toString();
        String device = o.device();
        int subsample = o.subsample();
        double threshold = o.alignOptions().matchingConfThr();
        List<int[]> slotted = new ArrayList<>();                                 // (a, b, slot): slot k of the batch is partition k
        for (int k = 0; k < pairs.size(); k++) slotted.add(new int[] {pairs.get(k)[0], pairs.get(k)[1], k});
        return jsc.parallelize(slotted, pairs.size())
                .mapToPair(p -> new Tuple2<>(p[0], p))
                .join(encodings, byImage)                                        // (a, (pair, enc a))
                .mapToPair(t -> new Tuple2<>(t._2._1[1], t._2))
                .join(encodings, byImage)                                        // (b, ((pair, enc a), enc b))
                .mapToPair(t -> new Tuple2<>(t._2._1._1[2], t._2))
                .partitionBy(new HashPartitioner(pairs.size()))                  // (slot, ((pair, enc a), enc b))
                .map(t -> {
                    int[] p = t._2._1._1;
                    var model = ExecutorModel.get(checkpoint, config, device, TaskContext.get().cpus());
                    return PairRows.row(SymmetricPair.run(model, p[0], t._2._1._2.view(), p[1], t._2._2.view(), subsample, threshold));
                });
    }

    /**
     * Copies the committed rows of the pairs in {@code wanted} into the store, each exactly once (a pair committed
     * twice is a broken commit and stops the run), and returns the pairs of {@code wanted} that have no row.
     */
    private List<int[]> importRows(String rows, List<int[]> wanted, PairWork work, Consumer<String> log) {
        if (!exists(rows)) return wanted;
        int n = work.files().size();
        Map<Long, int[]> open = new HashMap<>();
        for (int[] p : wanted) open.put(key(p[0], p[1], n), p);
        Set<Long> seen = new HashSet<>();
        int taken = 0;
        for (Iterator<Row> it = spark.read().parquet(rows).toLocalIterator(); it.hasNext(); ) {
            Row r = it.next();
            long k = key(r.getInt(0), r.getInt(1), n);
            if (!seen.add(k)) throw new IllegalStateException("pair (" + r.getInt(0) + ", " + r.getInt(1) + ") is committed twice in " + rows);
            if (open.remove(k) == null) continue;
            work.store().put(PairRows.run(r));
            taken++;
        }
        if (taken > 0 && work.options().resume()) log.accept("pairs: " + taken + " taken from the committed rows in " + rows);
        return wanted.stream().filter(p -> open.containsKey(key(p[0], p[1], n))).toList();
    }

    private static long key(int a, int b, int n) {
        return (long) Math.min(a, b) * n + Math.max(a, b);
    }

    private boolean exists(String rows) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(rows);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot look at " + rows + ": " + e.getMessage(), e);
        }
    }

    private void delete(String rows) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(rows);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(p)) fs.delete(p, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the rows of a previous run in " + rows + ": " + e.getMessage(), e);
        }
    }
}
