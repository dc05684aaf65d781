package org.mast3r.scene.align;

/** One optimisation stage: the loss before its first and before its last step, iterations run, seconds. */
public record StageReport(String name, double firstLoss, double lastLoss, int iterations, double seconds) {}
