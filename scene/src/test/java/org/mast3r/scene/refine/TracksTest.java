package org.mast3r.scene.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mast3r.scene.align.PairCorrespondences;

/** Tracks from pair matches: chains, weights, chains that would hold one image twice, bad input. */
class TracksTest {

    @Test
    void matchesChainIntoOneTrackWithMeanConfidences() {
        // 0:(10,11) - 1:(20,21) - 2:(30,31), the second link seen from both pairs (1,2) and (2,1)
        List<Track> tracks = Tracks.build(3, List.of(
                match(0, 1, 10, 11, 20, 21, 2f),
                match(1, 2, 20, 21, 30, 31, 4f),
                match(2, 1, 30, 31, 20, 21, 3f)));
        assertEquals(1, tracks.size());
        Track t = tracks.getFirst();
        assertArrayEquals(new int[] {0, 1, 2}, t.images());
        assertArrayEquals(new int[] {10, 11, 20, 21, 30, 31}, t.xy());
        assertArrayEquals(new double[] {2, 3, 3.5}, t.weights(), 1e-12);
    }

    @Test
    void aChainThatHoldsOneImageTwiceIsSplitAtItsWeakestMatch() {
        // 0:(1,1) - 1:(2,2) - 2:(3,3) - 0:(4,4): the last, weakest match would put two pixels of image 0 together
        List<Track> tracks = Tracks.build(3, List.of(
                match(0, 1, 1, 1, 2, 2, 3f),
                match(1, 2, 2, 2, 3, 3, 2f),
                match(2, 0, 3, 3, 4, 4, 1f)));
        assertEquals(1, tracks.size());
        assertArrayEquals(new int[] {0, 1, 2}, tracks.getFirst().images());
        assertArrayEquals(new int[] {1, 1, 2, 2, 3, 3}, tracks.getFirst().xy());
        assertArrayEquals(new double[] {3, 2.5, 2}, tracks.getFirst().weights(), 1e-12);

        // two good tracks and one wrong match between them: the wrong match is refused, both stay
        tracks = Tracks.build(2, List.of(
                match(0, 1, 5, 5, 6, 6, 3f),
                match(0, 1, 7, 7, 8, 8, 3f),
                match(0, 1, 5, 5, 8, 8, 1f)));
        assertEquals(2, tracks.size());
        assertArrayEquals(new int[] {5, 5, 6, 6}, tracks.get(0).xy());
        assertArrayEquals(new int[] {7, 7, 8, 8}, tracks.get(1).xy());
        assertArrayEquals(new double[] {3, 3}, tracks.get(0).weights(), 1e-12);
    }

    @Test
    void noMatchesNoTracks() {
        assertEquals(0, Tracks.build(4, List.of()).size());
        assertEquals(0, Tracks.build(2, List.of(new PairCorrespondences(0, 1, new int[0], new int[0], new float[0], null))).size());
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        assertThrows(IllegalArgumentException.class, () -> Tracks.build(2, List.of(match(0, 0, 1, 1, 2, 2, 1f))));
        assertThrows(IllegalArgumentException.class, () -> Tracks.build(2, List.of(match(0, 2, 1, 1, 2, 2, 1f))));
        assertThrows(IllegalArgumentException.class, () -> Tracks.build(2, List.of(match(0, 1, -1, 1, 2, 2, 1f))));
        assertThrows(IllegalArgumentException.class, () -> new PairCorrespondences(0, 1, new int[4], new int[2], new float[2], null));
    }

    private static PairCorrespondences match(int a, int b, int xa, int ya, int xb, int yb, float conf) {
        return new PairCorrespondences(a, b, new int[] {xa, ya}, new int[] {xb, yb}, new float[] {conf}, null);
    }
}
