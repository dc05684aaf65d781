package org.mast3r.scene.autodiff;

/** The learning rate of sparse global alignment at progress alpha in [0, 1]: lrBase at 0 down to lrEnd at 1. */
// ref: naver/mast3r 83ae704 mast3r/cloud_opt/utils/schedules.py cosine_schedule
public final class CosineSchedule {
    private CosineSchedule() {}

    /** lrEnd + (lrBase - lrEnd) (1 + cos(pi alpha)) / 2. */
    public static double lr(double alpha, double lrBase, double lrEnd) {
        return lrEnd + (lrBase - lrEnd) * (1 + Math.cos(alpha * Math.PI)) / 2;
    }
}
