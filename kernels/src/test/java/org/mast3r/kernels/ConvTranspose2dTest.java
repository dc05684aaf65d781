package org.mast3r.kernels;

import static org.mast3r.kernels.Check.GUARD;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvTranspose2dTest {
    @ParameterizedTest(name = "cin={0} {1}x{2} cout={3} k={4} bias={5}")
    @CsvSource({"7,5,3,4,4,true", "10,3,7,9,2,false", "1,1,1,1,2,true", "33,6,5,17,4,true"})
    void matchesTwin(int cin, int h, int w, int cout, int k, boolean withBias) {
        for (Check.Storage st : Check.Storage.values()) {
            float[] in = Check.random(23, cin * h * w + 2);
            MemorySegment wt = Check.segment(st, Check.random(24, cin * cout * k * k));
            MemorySegment bias = withBias ? Check.segment0(st, Check.random(25, cout)) : null;
            int n = cout * h * k * w * k;
            float[] fast = Check.guarded(n), twin = Check.guarded(n);
            try (Parallel p = new Parallel(2)) {
                ConvTranspose2d.forward(p, in, 2, cin, h, w, wt, Check.W_OFF, bias, cout, k, fast, GUARD);
                ConvTranspose2d.forwardScalar(p, in, 2, cin, h, w, wt, Check.W_OFF, bias, cout, k, twin, GUARD);
            }
            Check.close("convT " + st, twin, GUARD, fast, GUARD, n, 1e-6 * (cin + 1), 1e-5);
            Check.assertGuards(fast, n);
        }
    }
}
