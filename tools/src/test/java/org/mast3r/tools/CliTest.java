package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.Fixtures;

/** Exit codes and the one-line errors of inspect, synth-weights and validate, through Main.run. */
class CliTest {
    @TempDir Path tmp;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static Path fixtures(String sub) {
        return Fixtures.dir(sub);
    }

    private static void oneLineError(CliRun r, String expected) {
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertEquals(expected + System.lineSeparator(), r.err());
    }

    @Test
    void synthWeightsThenInspectRoundTrip() {
        Path out = tmp.resolve("ck");
        CliRun w = run("synth-weights", "--config", fixtures("dust3r-linear-tiny").resolve("config.json").toString(),
                "--out", out.toString(), "--seed", "18446744073709551615", "--gain", "0.5",
                "--gain-for", "downstream_head1.proj.weight=0.25", "--dtype", "f16", "--threads", "2");
        assertEquals(0, w.code(), w.err());
        CliRun i = run("inspect", out.toString(), "--tensors");
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("model:      AsymmetricCroCo3DStereo"), i.out());
        assertTrue(i.out().contains("tensors:    181 (0 aliases in __metadata__)"), i.out());
        assertTrue(i.out().contains("parameters: 838,496"), i.out());
        assertTrue(i.out().contains("downstream_head1.proj.weight\tF16\t[1024, 64]"), i.out());
        CliRun j = run("inspect", out.resolve("model.safetensors").toString(), "--json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("\"parameters\" : 838496"), j.out());
    }

    @Test
    void synthWeightsReproducesTheFixtureFile() throws IOException {
        Path dir = fixtures("dust3r-linear-tiny");
        Path out = tmp.resolve("same");
        assertEquals(0, run("synth-weights", "--config", dir.resolve("config.json").toString(), "--out", out.toString()).code());
        assertEquals(Files.readString(dir.resolve("config.json")), Files.readString(out.resolve("config.json")));
        // Same tensors, same offsets: only the header differs (we add "format": "pt").
        byte[] ours = Files.readAllBytes(out.resolve("model.safetensors"));
        byte[] ref = Files.readAllBytes(dir.resolve("model.safetensors"));
        int ourData = ours.length, refData = ref.length;
        assertEquals(java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(ref, refData - 3_353_984, refData)),
                java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(ours, ourData - 3_353_984, ourData)));
    }

    @Test
    void existingOutIsNotOverwrittenWithoutForce() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        String cfg = fixtures("dust3r-linear-tiny").resolve("config.json").toString();
        oneLineError(run("synth-weights", "--config", cfg, "--out", out.toString()),
                "mast3r: " + out + ": exists and is not empty (use --force to write into it)");
        assertEquals(0, run("synth-weights", "--config", cfg, "--out", out.toString(), "--force").code());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void usageErrorsAreOneLine() {
        oneLineError(run("synth-weights", "--out", tmp.toString()), "mast3r: --config: Missing required option: '--config=CONFIG.json'");
        CliRun bad = run("synth-weights", "--config", "x.json", "--out", tmp.resolve("o").toString(), "--dtype", "f8");
        oneLineError(bad, "mast3r: --dtype: must be f32, f16 or bf16, got f8");
        CliRun seed = run("synth-weights", "--config", "x.json", "--out", tmp.resolve("o").toString(), "--seed", "-3");
        oneLineError(seed, "mast3r: --seed: seed must be an integer from 0 to 18446744073709551615, got -3");
        CliRun gain = run("synth-weights", "--config", fixtures("dust3r-linear-tiny").resolve("config.json").toString(),
                "--out", tmp.resolve("o").toString(), "--gain-for", "nope.weight=2");
        oneLineError(gain, "mast3r: --gain-for: no tensor named nope.weight in this model");
        assertEquals(Main.BAD_INPUT, run("inspect").code());
        assertEquals(Main.BAD_INPUT, run("frobnicate").code());
    }

    @Test
    void badFilesAreOneLineNamingTheFile() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.safetensors"), "not a safetensors file at all");
        byte[] before = Files.readAllBytes(junk);
        CliRun r = run("inspect", junk.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("mast3r: " + junk + ": header length "), r.err());
        assertEquals(1, r.err().lines().count());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(junk)), "input untouched");
        oneLineError(run("inspect", tmp.resolve("missing").toString()), "mast3r: " + tmp.resolve("missing") + ": no such file or folder");
        Path badCfg = Files.writeString(tmp.resolve("cfg.json"), "{\"head_type\": \"conv\", \"pos_embed\": \"RoPE100\"}");
        Path model = fixtures("dust3r-linear-tiny").resolve("model.safetensors");
        oneLineError(run("inspect", model.toString(), "--config", badCfg.toString()),
                "mast3r: " + badCfg + ": unknown head_type conv (expected linear, dpt or catmlp+dpt)");
        Path folder = Files.createDirectories(tmp.resolve("empty"));
        oneLineError(run("inspect", folder.toString()), "mast3r: " + folder + ": no model.safetensors in the folder");
    }

    @Test
    void validateSynthCheckPassesAndCatchesATamperedFile() throws IOException {
        CliRun ok = run("validate", fixtures("synth-v1-check").toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("40 passed, 0 failed"), ok.out());
        // A copy whose manifest claims g = 1 for synth-g0.safetensors fails (exit 1), one line per tensor.
        Path copy = Files.createDirectories(tmp.resolve("check"));
        for (Path p : Files.newDirectoryStream(fixtures("synth-v1-check"))) Files.copy(p, copy.resolve(p.getFileName()));
        Path manifest = copy.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"g\": 0,", "\"g\": 1,"));
        CliRun bad = run("validate", copy.toString());
        assertEquals(Main.CHECK_FAILED, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("10 failed"), bad.out());
    }
}
