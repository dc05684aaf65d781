package org.mast3r.scene.refine;

import org.mast3r.scene.align.PairCorrespondences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-view tracks from pairwise matches. An observation is (image, x, y) with integer pixels; matches
 * join observations in a union-find, and each final set of two or more is one track.
 * <p>No track holds two pixels of one image: such a chain has a wrong match and the track would tie two
 * different scene points together. Rather than drop the whole chain we split it: matches are joined in
 * decreasing confidence (ties in input order), and a match whose two sets already share an image is
 * refused. The stronger matches thus win, and the views of a chain that one bad match would spoil stay in
 * use (with 12 % random outlier matches over 6 views, dropping kept about one track in five). The
 * weight of an observation is the mean confidence of the matches inside its track that touch it.
 */
public final class Tracks {
    // key = image << 40 | x << 20 | y: sorting keys sorts by image, so a set's images come out in order
    private static final int BITS = 20;

    private Tracks() {}

    /** The tracks of {@code n} images, ordered by their first (image, x, y). */
    public static List<Track> build(int n, List<PairCorrespondences> matches) {
        int total = 0;
        for (PairCorrespondences m : matches) {
            if (m.a() == m.b() || m.a() < 0 || m.b() < 0 || m.a() >= n || m.b() >= n)
                throw new IllegalArgumentException("pair (" + m.a() + ", " + m.b() + ") needs two different images in [0, " + n + ")");
            total += m.conf().length;
        }
        long[] keys = new long[2 * total];
        float[] conf = new float[total];
        int k = 0;
        for (PairCorrespondences m : matches)
            for (int i = 0; i < m.conf().length; i++) {
                conf[k / 2] = m.conf()[i];
                keys[k++] = key(m.a(), m.xyA()[2 * i], m.xyA()[2 * i + 1]);
                keys[k++] = key(m.b(), m.xyB()[2 * i], m.xyB()[2 * i + 1]);
            }
        long[] ids = unique(keys);
        int size = ids.length;
        int[] end0 = new int[total], end1 = new int[total];
        for (int e = 0; e < total; e++) {
            end0[e] = Arrays.binarySearch(ids, keys[2 * e]);
            end1[e] = Arrays.binarySearch(ids, keys[2 * e + 1]);
        }
        Sets sets = new Sets(ids, n);
        for (int e : byDecreasing(conf)) sets.joinIfConsistent(end0[e], end1[e]);
        double[] confSum = new double[size];
        int[] confCount = new int[size];
        for (int e = 0; e < total; e++) {
            if (sets.find(end0[e]) != sets.find(end1[e])) continue;
            confSum[end0[e]] += conf[e];
            confSum[end1[e]] += conf[e];
            confCount[end0[e]]++;
            confCount[end1[e]]++;
        }
        // members of each set in increasing id order (a counting sort by root)
        int[] root = new int[size], start = new int[size + 1];
        for (int i = 0; i < size; i++) start[(root[i] = sets.find(i)) + 1]++;
        for (int r = 0; r < size; r++) start[r + 1] += start[r];
        int[] members = new int[size], fill = Arrays.copyOf(start, size);
        for (int i = 0; i < size; i++) members[fill[root[i]]++] = i;

        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int r = root[i], from = start[r], to = start[r + 1];
            if (members[from] != i || to - from < 2) continue;
            int len = to - from;
            int[] images = new int[len], xy = new int[2 * len];
            double[] weights = new double[len];
            for (int j = 0; j < len; j++) {
                int id = members[from + j];
                images[j] = image(ids[id]);
                xy[2 * j] = (int) (ids[id] >>> BITS) & ((1 << BITS) - 1);
                xy[2 * j + 1] = (int) ids[id] & ((1 << BITS) - 1);
                weights[j] = confSum[id] / confCount[id];
            }
            tracks.add(new Track(images, xy, weights));
        }
        return tracks;
    }

    /**
     * Union-find over observation ids whose sets never hold one image twice; each root keeps its members
     * in a circular list ({@code next}) so a join can compare the two sets' images.
     */
    private static final class Sets {
        private final long[] ids;
        private final int[] parent, next, size, seen;
        private int stamp;

        Sets(long[] ids, int images) {
            this.ids = ids;
            int m = ids.length;
            parent = new int[m];
            next = new int[m];
            size = new int[m];
            seen = new int[images];
            for (int i = 0; i < m; i++) {
                parent[i] = next[i] = i;
                size[i] = 1;
            }
        }

        int find(int i) {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];   // path halving
            return i;
        }

        void joinIfConsistent(int a, int b) {
            int ra = find(a), rb = find(b);
            if (ra == rb) return;
            if (size[ra] < size[rb]) { int t = ra; ra = rb; rb = t; }
            stamp++;
            int i = ra;
            do { seen[image(ids[i])] = stamp; i = next[i]; } while (i != ra);
            i = rb;
            do { if (seen[image(ids[i])] == stamp) return; i = next[i]; } while (i != rb);
            parent[rb] = ra;
            size[ra] += size[rb];
            int t = next[ra];   // splice the two circular lists
            next[ra] = next[rb];
            next[rb] = t;
        }
    }

    // match indices by decreasing confidence, ties in input order: one sort of (order key of -conf, index)
    private static int[] byDecreasing(float[] conf) {
        long[] keyed = new long[conf.length];
        for (int i = 0; i < conf.length; i++) {
            int bits = Float.floatToIntBits(-conf[i]);
            keyed[i] = (long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32 | i;   // int order of the float's order
        }
        Arrays.sort(keyed);
        int[] out = new int[conf.length];
        for (int i = 0; i < conf.length; i++) out[i] = (int) keyed[i];
        return out;
    }

    private static int image(long key) {
        return (int) (key >>> (2 * BITS));
    }

    private static long key(int image, int x, int y) {
        if (x < 0 || y < 0 || x >= 1 << BITS || y >= 1 << BITS)
            throw new IllegalArgumentException("pixel (" + x + ", " + y + ") of image " + image + " is outside [0, " + (1 << BITS) + ")");
        return ((long) image << (2 * BITS)) | ((long) x << BITS) | y;
    }

    private static long[] unique(long[] keys) {
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        int m = 0;
        for (int i = 0; i < sorted.length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) sorted[m++] = sorted[i];
        return Arrays.copyOf(sorted, m);
    }
}
