package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mast3r.engine.Close.assertClose;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Activation lifetimes: a {@link Scope} owns what ops make inside it, hands on what it keeps, and gives the
 * rest back to the pool when it closes, where the tests' NaN fill makes any later read visible.
 */
class ScopeTest {
    @AutoClose
    static final CpuBackend NAN_RELEASED = new CpuBackend(1, KernelProfile.OFF, true);
    @AutoClose
    static final CpuBackend PLAIN = new CpuBackend(1, KernelProfile.OFF, false);

    private static final float[] VALUES = {1, 2, 3, 4, 5, 6};

    private static boolean allNaN(Backend be, Tensor t) {
        for (float v : be.download(t)) {
            if (!Float.isNaN(v)) return false;
        }
        return true;
    }

    @Test
    void whatAnOpMakesInAScopeGoesBackToThePoolWhenItCloses() {
        Tensor t;
        try (Scope _ = PLAIN.scope()) {
            t = PLAIN.upload(VALUES, 2, 3);
        }
        assertSame(t.handle(), PLAIN.upload(new float[6], 3, 2).handle(), "the next tensor of that size reuses the array");
    }

    @Test
    void aKeptTensorOutlivesItsScopeAndDiesWithTheEnclosingOne() {
        Tensor kept, temporary;
        try (Scope outer = NAN_RELEASED.scope()) {
            try (Scope inner = NAN_RELEASED.scope()) {
                kept = inner.keep(NAN_RELEASED.upload(VALUES, 2, 3));
                temporary = NAN_RELEASED.copy(kept);
            }
            assertTrue(allNaN(NAN_RELEASED, temporary), "the inner scope's own tensor died with it");
            assertArrayEquals(VALUES, NAN_RELEASED.download(kept), "the kept tensor is the outer scope's now");
            assertSame(kept, outer.keep(kept), "and can be kept again, to the caller");
        }
        assertArrayEquals(VALUES, NAN_RELEASED.download(kept), "kept from the outermost scope: the caller's, never released");
    }

    @Test
    void anAdoptedTensorDiesWithTheScopeThatAdoptedItAndOnlyOnce() {
        try (Scope _ = NAN_RELEASED.scope()) {
            Tensor input = NAN_RELEASED.upload(VALUES, 6, 1);
            try (Scope step = NAN_RELEASED.scope()) {
                step.adopt(input);
                assertArrayEquals(VALUES, NAN_RELEASED.download(input));
            }
            assertTrue(allNaN(NAN_RELEASED, input));
        }   // the outer scope no longer owns it: a second release would throw here
    }

    @Test
    void refusesToKeepOrAdoptWhatItDoesNotOwnAndToCloseAroundAnOpenScope() {
        Tensor unowned = PLAIN.upload(VALUES, 6);
        try (Scope outer = PLAIN.scope()) {
            assertThrows(IllegalStateException.class, () -> outer.keep(unowned));
            Scope inner = PLAIN.scope();
            assertThrows(IllegalStateException.class, outer::close, "inner is still open");
            assertThrows(IllegalStateException.class, () -> inner.adopt(unowned));
            inner.close();
        }
    }

    /** One backend, one stack per thread: another thread's tensors never land in this thread's scope. */
    @Test
    void scopesBelongToTheirThread() throws Exception {
        try (var pool = Executors.newSingleThreadExecutor()) {
            Tensor other;
            try (Scope _ = NAN_RELEASED.scope()) {
                other = pool.submit(() -> NAN_RELEASED.upload(VALUES, 6)).get();
            }
            assertArrayEquals(VALUES, NAN_RELEASED.download(other));
        }
    }

    /**
     * The bug the fill is for: a normed input used by a projection after the scope that made it closed. With
     * the fill the projection's output is NaN and fails the comparison with the reference; without it the pool
     * still holds the old values and the same code passes, until something reuses the array.
     */
    @Test
    void aTensorUsedAfterItsScopeFailsTheParityCheck() {
        int n = 5, c = 8, out = 3;
        float[] x = Inputs.uniform(1, n * c, 1), gamma = Inputs.uniform(2, c, 1), beta = Inputs.uniform(3, c, 1);
        float[] w = Inputs.uniform(4, out * c, 0.5), b = Inputs.uniform(5, out, 1);
        double[] ref = Reference.linear(Reference.layerNorm(Reference.widen(x), n, c, gamma, beta, 1e-6), n, c, w, b, out);
        AssertionFailedError caught = assertThrows(AssertionFailedError.class,
                () -> assertClose("use after scope", NAN_RELEASED, normThenProjectAfterTheScope(NAN_RELEASED, x, gamma, beta, w, b),
                        new int[] {n, out}, ref, 1e-5));
        assertTrue(caught.getMessage().contains("non-finite NaN"), caught.getMessage());
        assertClose("the same bug without the fill", PLAIN, normThenProjectAfterTheScope(PLAIN, x, gamma, beta, w, b),
                new int[] {n, out}, ref, 1e-5);
    }

    private static Tensor normThenProjectAfterTheScope(CpuBackend be, float[] x, float[] gamma, float[] beta, float[] w, float[] b) {
        int n = 5, c = 8, out = 3;
        Tensor normed;
        try (Scope _ = be.scope()) {
            normed = be.layerNorm(be.upload(x, n, c), param(be, gamma, c), param(be, beta, c), 1e-6f);   // not kept: dies here
        }
        return be.linear(normed, param(be, w, out, c), param(be, b, out));
    }

    private static Param param(Backend be, float[] v, long... shape) {
        return be.param("p", MemorySegment.ofArray(v), shape);
    }

    /** The build runs every test with -Dmast3r.nanReleased=true (root pom), so the parity tests catch such a read. */
    @Test
    void theBuildsTestsFillReleasedActivationsWithNan() {
        try (CpuBackend be = new CpuBackend(1)) {
            Tensor t;
            try (Scope _ = be.scope()) {
                t = be.upload(VALUES, 6);
            }
            assertTrue(allNaN(be, t), "run the tests with -Dmast3r.nanReleased=true, as the root pom's surefire configuration does");
        }
    }
}
