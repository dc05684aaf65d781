package org.mast3r.weights;

import java.lang.foreign.MemorySegment;

/** Writes one tensor's bytes (little-endian, row-major) into a segment of exactly its byte size. */
@FunctionalInterface
public interface Filler {
    void fill(MemorySegment bytes);
}
