package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that picks the vector species (style.md §10). {@code -Dmast3r.simd=false} forces every
 * kernel onto its scalar twin, which is the spec the SIMD paths are tested against.
 */
public final class Simd {
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    public static final int LANES = F.length();
    public static final boolean ENABLED = !"false".equals(System.getProperty("mast3r.simd"));

    private Simd() {}
}
