package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-kernel totals CpuBackend records for {@code bench --profile}: calls and FLOP per op. */
class KernelProfileTest {
    @Test
    void recordsCallsAndFlopPerKernel() {
        KernelProfile profile = KernelProfile.recording();
        try (CpuBackend be = new CpuBackend(1, profile)) {
            int n = 3, in = 5, out = 7;
            Param w = be.param("w", MemorySegment.ofArray(new float[out * in]), out, in);
            Tensor x = be.upload(new float[n * in], n, in);
            be.linear(x, w, null);
            be.linearAccumulate(x, w, null, be.upload(new float[n * out], n, out));
            be.geluInPlace(x);
            Map<String, KernelProfile.Entry> totals = profile.totals();
            assertEquals(2, totals.get("gemm").calls());
            assertEquals(2 * 2.0 * n * in * out, totals.get("gemm").flop());
            assertEquals(1, totals.get("gelu").calls());
            assertTrue(totals.get("gemm").nanos() >= 0);
        }
        profile.reset();
        assertTrue(profile.totals().isEmpty());
    }

    @Test
    void offRecordsNothing() {
        try (CpuBackend be = new CpuBackend(1)) {
            be.geluInPlace(be.upload(new float[4], 4));
        }
        assertTrue(KernelProfile.OFF.totals().isEmpty());
    }
}
