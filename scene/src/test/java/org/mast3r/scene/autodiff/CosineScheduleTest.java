package org.mast3r.scene.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {
    @Test
    void fallsFromTheBaseRateToTheEndRate() {
        assertEquals(0.07, CosineSchedule.lr(0, 0.07, 0.0007), 0);
        assertEquals(0.0007, CosineSchedule.lr(1, 0.07, 0.0007), 1e-18);
        assertEquals((0.07 + 0.0007) / 2, CosineSchedule.lr(0.5, 0.07, 0.0007), 1e-17);
        assertEquals(0.0007 + 0.0693 * (1 + Math.cos(0.25 * Math.PI)) / 2, CosineSchedule.lr(0.25, 0.07, 0.0007), 1e-17);
    }
}
