package org.mast3r.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mast3r.common.Json;

/**
 * The Khronos glTF validator through Node, when both are installed: {@code node} on PATH and the npm
 * package {@code gltf-validator} where Node finds it (set NODE_PATH to the node_modules folder of an
 * {@code npm install gltf-validator}). Absent, it says so on stderr and returns empty, and the caller
 * relies on its own structural checks.
 */
final class GltfValidator {
    /** The validator's exit code and its report summary (validatorVersion, issues, info). */
    record Report(int exitCode, JsonNode json) {}

    private GltfValidator() {}

    static Optional<Report> run(Path glb) throws IOException, InterruptedException {
        Optional<Path> node = onPath("node");
        if (node.isEmpty()) return absent("node is not on PATH");
        Path script;
        try {
            script = Path.of(GltfValidator.class.getResource("/gltf/validate.js").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process p = new ProcessBuilder(node.get().toString(), script.toString(), glb.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gltf-validator ran past 120 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() == 3) return absent("the npm package gltf-validator is not where Node looks (NODE_PATH): " + out);
        if (p.exitValue() == 2) throw new AssertionError("gltf-validator failed: " + out);
        String last = out.lines().reduce((a, b) -> b).orElse("");
        return Optional.of(new Report(p.exitValue(), Json.MAPPER.readTree(last)));
    }

    private static Optional<Report> absent(String why) {
        System.err.println("GltfValidator: " + why + "; the GLB was checked structurally only");
        return Optional.empty();
    }

    static Optional<Path> onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path f = Path.of(dir.isEmpty() ? "." : dir, exe);
            if (Files.isRegularFile(f) && Files.isExecutable(f)) return Optional.of(f);
        }
        return Optional.empty();
    }
}
