package org.mast3r.validate;

import java.util.Locale;
import org.mast3r.weights.DType;
import org.mast3r.weights.StoredTensor;

/**
 * The model fixtures' comparison rules (shared/fixtures/README.md): float32 within {@code relToMax * max|ref|};
 * float16 references elementwise within {@code 2^-10 |ref| + relToMax * max|ref|} (descriptors: {@code descF16Abs});
 * integers exact.
 *
 * @param relToMax   the float32 rule's bound over max|ref|, also the float16 rule's second term
 * @param descF16Abs the absolute bound of float16-stored descriptors (unit vectors)
 * @param relSource  where {@code relToMax} came from, for the note above the lines
 */
record TensorCheck(double relToMax, double descF16Abs, String relSource) {
    /**
     * The numbers where a manifest gives none, in this one place. dust3r-linear-tiny and mast3r-tiny give
     * {@code recommended_tolerances.rel_to_max} as a number; mast3r-vitl-512 states all of its rules as sentences
     * (1e-4 of the max, 2^-10 + 1e-4 for float16, 5e-4 for float16 desc), which are these defaults; no manifest gives
     * the descriptor bound as a number.
     */
    static final TensorCheck README = new TensorCheck(1e-4, 5e-4, "README default: the manifest gives no number");

    /** max|got - ref|, that over max|ref|, and whether the tensor's rule holds. */
    record Result(double maxAbs, double ratio, boolean pass) {}

    /** The rules of a model fixture: its manifest's rel_to_max where it has one, else {@link #README}'s. */
    static TensorCheck of(ManifestTolerances recommended) {
        if (!recommended.has("rel_to_max")) return README;
        return new TensorCheck(recommended.get("rel_to_max"), README.descF16Abs, "manifest recommended_tolerances.rel_to_max");
    }

    /** Where the numbers came from, for a note above the lines. */
    String describe() {
        return String.format(Locale.ROOT, "tolerances: float32 %.1e * max|ref| (%s); float16 2^-10 |ref| + %.1e * max|ref|; float16 desc %.1e (README default)",
                relToMax, relSource, relToMax, descF16Abs);
    }

    Result compare(String name, float[] got, StoredTensor ref) {
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
            case F32, F64 -> maxAbs <= relToMax * maxRef;
            case F16, BF16 -> float16Rule(name, got, want, maxRef);
            default -> maxAbs == 0;
        };
        return new Result(maxAbs, ratio, pass);
    }

    private boolean float16Rule(String name, float[] got, float[] want, double maxRef) {
        boolean desc = name.endsWith(".desc");
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs((double) got[i] - want[i]);
            double bound = desc ? descF16Abs : Math.scalb(Math.abs(want[i]), -10) + relToMax * maxRef;
            if (!(err <= bound)) return false;
        }
        return true;
    }

    static boolean isInteger(DType d) {
        return d != DType.F32 && d != DType.F16 && d != DType.BF16 && d != DType.F64;
    }
}
