package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mast3r.common.Fixtures;

/**
 * {@code mast3r devices} and the tiny model fixtures through {@code validate --device opencl}. Needs an
 * OpenCL platform (PoCL in CI) and fails, never skips, without one.
 */
class OpenClParityTest {
    /** ModelParityTest's checks, and that the OpenCL backend is the one that ran. */
    private static void assertAllPass(CliRun r, int minTensors) {
        assertTrue(r.out().contains("# backend: opencl:0"), r.out());
        ModelParityTest.assertAllPass(r, minTensors);
    }

    @Test
    void devicesListsDeviceZero() {
        CliRun r = CliRun.of("devices");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("opencl:0 "), r.out());
        assertTrue(r.out().contains("fp16 "), r.out());
    }

    @Test
    void dust3rLinearTiny() {
        assertAllPass(CliRun.of("validate", Fixtures.dir("dust3r-linear-tiny").toString(), "--device", "opencl"), 24);
    }

    @Test
    void mast3rTinyAllThreeCases() {
        assertAllPass(CliRun.of("validate", Fixtures.dir("mast3r-tiny").toString(), "--device", "opencl:0"), 132);
    }

    @Test
    void unknownDeviceIsOneLine() {
        CliRun r = CliRun.of("validate", Fixtures.dir("dust3r-linear-tiny").toString(), "--device", "opencl:99");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("mast3r: opencl:99: no such device"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
