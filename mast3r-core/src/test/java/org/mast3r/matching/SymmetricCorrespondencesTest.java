package org.mast3r.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mast3r.kernels.Parallel;

/** extract_correspondences of sparse_ga.py: both passes, both directions, merged, sqrt(q1 q2) at the first occurrence. */
class SymmetricCorrespondencesTest {
    private static final int H = 4, W = 4, N = H * W;

    /**
     * One-hot descriptors: pixel i of image 1 holds e_i, pixel j of image 2 holds e_perm(j), so the nearest
     * neighbours are exact and every grid seed (pixels 5, 7, 13, 15 for subsample 2) is reciprocal at once.
     * The expected list is the reference's: [pass1 1->2, pass1 2->1, pass2 1->2, pass2 2->1], np.unique on
     * (idx1, idx2), conf from the first occurrence.
     */
    @Test
    void unionOfBothPassesSortedWithFirstOccurrenceConfidence() {
        int[] perm1 = {3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14};   // image-2 pixel j shows image-1 pixel perm1[j]
        int[] perm2 = {3, 0, 1, 2, 7, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15};     // pass 2 agrees on rows 0-1 only
        float[] q11 = conf(1), q21 = conf(2), q22 = conf(3), q12 = conf(4);
        Matches m;
        try (Parallel par = new Parallel(1)) {
            m = SymmetricCorrespondences.extract(oneHot(identity()), oneHot(perm1), oneHot(perm2), oneHot(identity()),
                    q11, q21, q22, q12, 2, Matcher.DOT, par);
        }
        int[] grid = {5, 7, 13, 15};
        List<int[]> occ = new ArrayList<>();          // {idx1, idx2, pass}
        for (int[] perm : new int[][] {perm1, perm2}) {
            int pass = perm == perm1 ? 1 : 2;
            for (int i : grid) occ.add(new int[] {i, inverse(perm)[i], pass});
            List<int[]> back = new ArrayList<>();
            for (int j : grid) back.add(new int[] {perm[j], j, pass});
            back.sort(Comparator.comparingInt(x -> x[1]));               // fast_reciprocal_NNs(B, A) sorts by B's index
            occ.addAll(back);
        }
        List<int[]> unique = new ArrayList<>();
        for (int[] o : occ) if (unique.stream().noneMatch(u -> u[0] == o[0] && u[1] == o[1])) unique.add(o);
        unique.sort(Comparator.<int[]>comparingInt(x -> x[0]).thenComparingInt(x -> x[1]));
        assertEquals(unique.size(), m.count());
        for (int k = 0; k < unique.size(); k++) {
            int[] u = unique.get(k);
            assertArrayEquals(new int[] {u[0] % W, u[0] / W}, new int[] {m.xy1()[2 * k], m.xy1()[2 * k + 1]}, "match " + k);
            assertArrayEquals(new int[] {u[1] % W, u[1] / W}, new int[] {m.xy2()[2 * k], m.xy2()[2 * k + 1]}, "match " + k);
            float qa = u[2] == 1 ? q11[u[0]] : q12[u[0]], qb = u[2] == 1 ? q21[u[1]] : q22[u[1]];
            assertEquals((float) Math.sqrt(qa * qb), m.conf()[k], "conf of match " + k);
        }
    }

    /** Two identical passes give the pairs of extract_correspondences_nonsym (same order), scored sqrt(q1 q2). */
    @Test
    void identicalPassesGiveTheNonsymmetricPairs() {
        Random r = new Random(5);
        int h = 24, w = 20, d = 8;
        DescriptorMap a = random(r, h, w, d), b = random(r, h, w, d);
        float[] qa = new float[h * w], qb = new float[h * w];
        for (int i = 0; i < qa.length; i++) {
            qa[i] = 1 + 3 * r.nextFloat();
            qb[i] = 1 + 3 * r.nextFloat();
        }
        try (Parallel par = new Parallel(2)) {
            Matches sym = SymmetricCorrespondences.extract(a, b, b, a, qa, qb, qb, qa, 4, Matcher.DOT, par);
            Matches non = Correspondences.extractNonsym(a, b, qa, qb, 4, 0, Matcher.DOT, par);
            assertArrayEquals(non.xy1(), sym.xy1());
            assertArrayEquals(non.xy2(), sym.xy2());
            for (int k = 0; k < sym.count(); k++) {
                int i = sym.xy1()[2 * k + 1] * w + sym.xy1()[2 * k], j = sym.xy2()[2 * k + 1] * w + sym.xy2()[2 * k];
                assertEquals((float) Math.sqrt(qa[i] * qb[j]), sym.conf()[k]);
            }
        }
    }

    private static int[] identity() {
        int[] p = new int[N];
        for (int i = 0; i < N; i++) p[i] = i;
        return p;
    }

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int j = 0; j < perm.length; j++) inv[perm[j]] = j;
        return inv;
    }

    private static DescriptorMap oneHot(int[] perm) {
        float[] data = new float[N * N];
        for (int j = 0; j < N; j++) data[j * N + perm[j]] = 1;
        return new DescriptorMap(data, H, W, N);
    }

    private static float[] conf(int seed) {
        float[] q = new float[N];
        for (int i = 0; i < N; i++) q[i] = 1 + 0.37f * seed + 0.11f * i;
        return q;
    }

    private static DescriptorMap random(Random r, int h, int w, int d) {
        float[] data = new float[h * w * d];
        for (int p = 0; p < h * w; p++) {
            double n = 0;
            for (int k = 0; k < d; k++) {
                data[p * d + k] = (float) r.nextGaussian();
                n += data[p * d + k] * data[p * d + k];
            }
            for (int k = 0; k < d; k++) data[p * d + k] /= (float) Math.sqrt(n);
        }
        return new DescriptorMap(data, h, w, d);
    }
}
