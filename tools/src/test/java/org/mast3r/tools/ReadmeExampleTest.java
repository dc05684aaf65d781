package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example compiles as written and runs on a tiny synthetic checkpoint. */
class ReadmeExampleTest {
    @TempDir Path tmp;

    @Test
    void readmeExampleCompilesAndRuns() throws Exception {
        String root = System.getProperty("mast3r.root");
        if (root == null) fail("system property mast3r.root is not set (run the tests through Maven)");
        String readme = Files.readString(Path.of(root, "README.md"));
        int start = readme.indexOf("```java\n");
        if (start < 0) fail("README.md has no ```java example");
        String source = readme.substring(start + 8, readme.indexOf("```", start + 8));
        assertTrue(source.lines().count() <= 16, "the example should stay short");

        Path src = tmp.resolve("Example.java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "-d", tmp.toString(), src.toString());
        assertEquals(0, rc, "the README example does not compile");

        Path ckpt = TinyModel.CHECKPOINT, a = TinyModel.IMG1, b = TinyModel.IMG2;

        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass("Example").getMethod("main", String[].class)
                    .invoke(null, (Object) List.of(ckpt.toString(), a.toString(), b.toString()).toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        // a.png is 300x200: load_images makes it 512x341, cropped to 512x336 = 172,032 pixels
        assertTrue(printed.matches("(?s)\\d+ matches, 172032 points\\s*"), printed);
    }
}
