package org.mast3r.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.mast3r.common.Fixtures;
import org.mast3r.kernels.Parallel;
import org.mast3r.weights.Safetensors;

/**
 * The tie-heavy and warped cases of {@code ../shared/fixtures/matching/small.safetensors} through the core
 * API, with both the SIMD matcher and the scalar twin (a missing fixture folder FAILS, never skips).
 */
class FixtureTiesMatchTest {
    private static DescriptorMap map(Safetensors st, String key) {
        var t = st.require(key);
        return new DescriptorMap(t.toFloats(), (int) t.shape()[0], (int) t.shape()[1], (int) t.shape()[2]);
    }

    @Test
    void tiesAndWarpFastNNExactWithSimdAndScalar() {
        try (Safetensors st = Safetensors.open(Fixtures.file("matching", "small.safetensors")); Parallel p = new Parallel(2)) {
            for (String[] c : new String[][] {{"ties", "4"}, {"warp", "4"}, {"rand", "2"}}) {
                DescriptorMap m1 = map(st, c[0] + ".desc1"), m2 = map(st, c[0] + ".desc2");
                int s = Integer.parseInt(c[1]);
                int[] wantXy1 = st.require(c[0] + ".fast_nn_s" + s + ".xy1").toInts();
                int[] wantXy2 = st.require(c[0] + ".fast_nn_s" + s + ".xy2").toInts();
                for (boolean simd : new boolean[] {true, false}) {
                    NearestNeighbors t2 = simd ? CachedDotNN.create(m1, m2, p) : new CachedDotNN(m1, m2, null, p);
                    NearestNeighbors t1 = simd ? CachedDotNN.create(m2, m1, p) : new CachedDotNN(m2, m1, null, p);
                    Pairs got = FastReciprocalNN.run(m1.h(), m1.w(), Seeds.grid(s), 0, t2, t1);
                    assertArrayEquals(wantXy1, Pairs.toXy(got.idx1(), m1.w()), c[0] + " xy1 simd=" + simd);
                    assertArrayEquals(wantXy2, Pairs.toXy(got.idx2(), m2.w()), c[0] + " xy2 simd=" + simd);
                }
                // blocked torch-semantics matcher, a block small enough that many blocks run
                Pairs blocked = FastReciprocalNN.run(m1.h(), m1.w(), Seeds.grid(s), 0,
                        new BlockedNN(m1, m2, Dist.DOT, 7, p), new BlockedNN(m2, m1, Dist.DOT, 7, p));
                assertArrayEquals(wantXy1, Pairs.toXy(blocked.idx1(), m1.w()), c[0] + " blocked xy1");
            }
        }
    }

    @Test
    void tiesSymmetricExtractionWithConfidence() {
        try (Safetensors st = Safetensors.open(Fixtures.file("matching", "small.safetensors")); Parallel p = new Parallel(2)) {
            DescriptorMap a = map(st, "ties.desc1"), b = map(st, "ties.desc2");
            Matches m = FastMatching.symmetric(a.data(), a.h(), a.w(), b.data(), b.h(), b.w(), a.dim(),
                    st.require("ties.conf1").toFloats(), st.require("ties.conf2").toFloats(), 4, p);
            assertArrayEquals(st.require("ties.nonsym_s4_tol0.xy1").toInts(), m.xy1());
            assertArrayEquals(st.require("ties.nonsym_s4_tol0.xy2").toInts(), m.xy2());
            assertArrayEquals(st.require("ties.nonsym_s4_tol0.conf").toFloats(), m.conf());
        }
    }
}
