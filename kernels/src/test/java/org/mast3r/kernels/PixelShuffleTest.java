package org.mast3r.kernels;

import static org.mast3r.kernels.Check.GUARD;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PixelShuffleTest {
    @ParameterizedTest(name = "grid={0}x{1} channels={2} p={3}")
    @CsvSource({"1,1,1,1", "3,5,4,2", "2,3,25,16", "7,1,3,4", "0,4,2,2"})
    void matchesTwin(int gh, int gw, int channels, int p) {
        int n = gh * gw * channels * p * p;
        float[] in = Check.random(27, n + 3);
        float[] fast = Check.guarded(n), twin = Check.guarded(n);
        PixelShuffle.fromTokens(in, 3, gh, gw, channels, p, fast, GUARD);
        PixelShuffle.fromTokensScalar(in, 3, gh, gw, channels, p, twin, GUARD);
        Check.close("pixelshuffle", twin, GUARD, fast, GUARD, n, 0, 0);
        Check.assertGuards(fast, n);
    }

    /** Two tokens (grid 1x2), one channel, p 2: token t's 4 values form the 2x2 block at column 2t. */
    @Test
    void handValues() {
        float[] out = new float[8];
        PixelShuffle.fromTokensScalar(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 1, 2, 1, 2, out, 0);
        Check.close("hand", new float[] {1, 2, 5, 6, 3, 4, 7, 8}, 0, out, 0, 8, 0, 0);
    }
}
