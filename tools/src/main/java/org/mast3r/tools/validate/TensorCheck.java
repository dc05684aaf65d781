package org.mast3r.tools.validate;

import org.mast3r.weights.DType;
import org.mast3r.weights.StoredTensor;

/**
 * The fixtures' comparison rules (shared/fixtures/README.md): float32 within rel * max|ref|; float16
 * references elementwise within 2^-10 |ref| + rel * max|ref| (descriptors: 5e-4 absolute); integers exact.
 */
final class TensorCheck {
    static final double REL_TO_MAX = 1e-4;
    static final double DESC_F16_ABS = 5e-4;

    /** max|got - ref|, that over max|ref|, and whether the tensor's rule holds. */
    record Result(double maxAbs, double ratio, boolean pass) {}

    private TensorCheck() {}

    static Result compare(String name, float[] got, StoredTensor ref) {
        if (got == null) return new Result(Double.NaN, Double.NaN, false);
        float[] want = ref.toFloats();
        if (got.length != want.length) return new Result(Double.NaN, Double.NaN, false);
        double maxRef = 0, maxAbs = 0;
        boolean finite = true;
        for (int i = 0; i < want.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(want[i]));
            if (!Float.isFinite(got[i])) finite = false;
            maxAbs = Math.max(maxAbs, Math.abs((double) got[i] - want[i]));
        }
        double ratio = maxRef == 0 ? maxAbs : maxAbs / maxRef;
        boolean pass = finite && switch (ref.dtype()) {
            case F32, F64 -> maxAbs <= REL_TO_MAX * maxRef;
            case F16, BF16 -> float16Rule(name, got, want, maxRef);
            default -> maxAbs == 0;
        };
        return new Result(maxAbs, ratio, pass);
    }

    private static boolean float16Rule(String name, float[] got, float[] want, double maxRef) {
        boolean desc = name.endsWith(".desc");
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs((double) got[i] - want[i]);
            double bound = desc ? DESC_F16_ABS : Math.scalb(Math.abs(want[i]), -10) + REL_TO_MAX * maxRef;
            if (!(err <= bound)) return false;
        }
        return true;
    }

    static boolean isInteger(DType d) {
        return d != DType.F32 && d != DType.F16 && d != DType.BF16 && d != DType.F64;
    }
}
