package org.mast3r.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/mast3r-spark.jar as spark-submit runs it (after package, in verify): Spark's own submit class,
 * org.apache.spark.deploy.SparkSubmit, in a JVM whose class path is Spark's jars (target/lib, as a Spark
 * installation's jars/ folder provides them) and the application jar, master local[2]: the jar holds all it
 * needs besides Spark, SubmitMain speaks reconstruct's arguments, output and exit codes, and the scene is the
 * single-machine one.
 */
class SubmitJarIT {
    @TempDir Path tmp;

    private record Submitted(int code, String out, List<String> err) {}

    private static Submitted submit(Path dir, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("mast3r.spark.jar"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(TinyScene.jvmFlags());
        Path logging = Path.of(System.getProperty("mast3r.root"), "mast3r-spark", "log4j2-cli.properties");
        cmd.addAll(List.of("-Xmx2g", "-Dlog4j2.configurationFile=" + logging, "-cp", jar.resolveSibling("lib") + "/*:" + jar, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--class", SubmitMain.class.getName(), jar.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        int code = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
        // the JVM's own notes are not the program's
        List<String> said = Files.readAllLines(err).stream().filter(l -> !l.startsWith("WARNING: ")).toList();
        return new Submitted(code, Files.readString(out), said);
    }

    private static List<String> scene(Path checkpoint, Path out) {
        List<String> a = new ArrayList<>();
        for (Path p : TinyScene.IMAGES) a.add(p.toString());
        a.addAll(List.of("--model", checkpoint.toString(), "--out", out.toString(), "--size", "224", "--threads", "1", "--niter1", "30", "--niter2", "30"));
        return a;
    }

    @Test
    void theJarReconstructsUnderSparkSubmit() throws IOException, InterruptedException {
        Path checkpoint = TinyScene.checkpoint(), out = tmp.resolve("scene");
        Submitted r = submit(tmp, scene(checkpoint, out).toArray(String[]::new));
        assertEquals(0, r.code(), String.join("\n", r.err()));
        assertTrue(r.out().startsWith("3 images, 3 pairs (3 computed, 0 reused); wrote " + out + "\n"), r.out());
        assertTrue(r.out().contains("  " + out.resolve("cameras.json") + "\n"), r.out());
        assertTrue(r.err().contains("pairs 3/3"), String.join("\n", r.err()));
        TinyScene.sameScene(TinyScene.reference(), out);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException, InterruptedException {
        Path missing = tmp.resolve("no-model");
        List<String> args = scene(missing, tmp.resolve("scene"));
        Submitted r = submit(tmp, args.toArray(String[]::new));
        assertEquals(2, r.code(), String.join("\n", r.err()));
        assertEquals("mast3r: " + missing + ": cannot read: " + missing, r.err().getLast(), String.join("\n", r.err()));
        assertEquals("", r.out());
    }
}
