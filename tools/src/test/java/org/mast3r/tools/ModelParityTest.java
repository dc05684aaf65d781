package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mast3r.common.Fixtures;

/**
 * Every public model fixture through {@code mast3r validate}: each stored tensor (intermediates and
 * outputs) within the fixture's tolerance of the PyTorch reference.
 */
class ModelParityTest {
    static void assertAllPass(CliRun r, int minTensors) {
        assertEquals("", r.err(), "stderr");
        assertTrue(r.out().contains(" 0 failed"), r.out());
        int passed = Integer.parseInt(r.out().lines().filter(l -> l.endsWith(" failed")).findFirst().orElseThrow().split(" ")[0]);
        assertTrue(passed >= minTensors, "only " + passed + " tensors compared:\n" + r.out());
        assertEquals(Main.OK, r.code(), r.out());
    }

    @Test
    void dust3rLinearTinyF32() {
        assertAllPass(CliRun.of("validate", Fixtures.dir("dust3r-linear-tiny").toString(), "--threads", "2"), 24);
    }

    @Test
    void dust3rLinearTinyF16WeightsAgainstTheirOwnReference() {
        var dir = Fixtures.dir("dust3r-linear-tiny");
        CliRun r = CliRun.of("validate", dir.toString(), "--weights", dir.resolve("model-f16.safetensors").toString());
        assertTrue(r.out().contains("reference pair-f16w.safetensors"), r.out());
        assertAllPass(r, 8);
    }

    @Test
    void dust3rLinearTinyBf16WeightsAgainstTheirOwnReference() {
        var dir = Fixtures.dir("dust3r-linear-tiny");
        CliRun r = CliRun.of("validate", dir.toString(), "--weights", dir.resolve("model-bf16.safetensors").toString());
        assertTrue(r.out().contains("reference pair-bf16w.safetensors"), r.out());
        assertAllPass(r, 8);
    }

    @Test
    void mast3rTinyAllThreeCases() {
        assertAllPass(CliRun.of("validate", Fixtures.dir("mast3r-tiny").toString(), "--threads", "2"), 132);
    }

    @Test
    void flagshipPair() {
        assertAllPass(CliRun.of("validate", Fixtures.dir("mast3r-vitl-512").toString(), "--threads", "2"), 12);
    }
}
