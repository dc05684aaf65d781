package org.mast3r.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class CpuSpeciesTest {
    @Test
    void speciesMatchesTheVectorShapeInUse() {
        CpuSpecies cpu = Simd.CPU;
        assertEquals(Simd.LANES, cpu.lanes());
        assertEquals(cpu.avx512() ? 32 : 16, cpu.vectorRegisters());
        assertFalse(cpu.model().isBlank(), "a CPU name");
        assertEquals(cpu.vectorRegisters() >= 32 ? 6 : 4, Gemm.MR);
    }

    /**
     * The AVX2 test run (kernels/pom.xml, -XX:UseAVX=2) sets mast3r.expect.avx512=false: the cap must be seen
     * even on an AVX-512 CPU, or the 16-register machines would get the 32-register tiles and spill.
     */
    @Test
    void jvmCapIsSeen() {
        String expected = System.getProperty("mast3r.expect.avx512");
        if (expected != null) assertEquals(Boolean.parseBoolean(expected), Simd.CPU.avx512(), Simd.CPU.describe());
    }
}
