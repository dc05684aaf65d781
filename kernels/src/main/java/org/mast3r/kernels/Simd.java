package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that picks the vector species (style.md §10). {@code -Dmast3r.simd=false} forces every
 * kernel onto its scalar twin, which is the spec the SIMD paths are tested against.
 */
public final class Simd {
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    public static final int LANES = F.length();
    /** Four floats, for moving 4x4 blocks while packing and transposing (data movement only, never math). */
    static final VectorSpecies<Float> QUAD = FloatVector.SPECIES_128;
    /** The CPU as the JVM runs it: the micro-kernels size their register tiles from it once, here at start-up. */
    public static final CpuSpecies CPU = CpuSpecies.detect(LANES);
    public static final boolean ENABLED = !"false".equals(System.getProperty("mast3r.simd"));
    /** FOLD[i]: lane j reads lane j + LANES / 2^(i+1) (wrapping), for {@link #sumLanes}' halving tree. */
    private static final VectorShuffle<Float>[] FOLD = folds();

    private Simd() {}

    /**
     * The sum of v's lanes in one fixed order: the upper half added onto the lower, halving down to one lane.
     * {@code reduceLanes(ADD)} may not be used for this: it sums in one order when C2 compiled the caller and in
     * another when it did not, so a model's first pass came out different in the last bits from its later ones.
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLD) v = v.add(v.rearrange(fold));
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(LANES);
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int i = 0; i < steps; i++) {
            int half = LANES >> (i + 1);
            f[i] = VectorShuffle.fromOp(F, j -> (j + half) % LANES);
        }
        return f;
    }
}
