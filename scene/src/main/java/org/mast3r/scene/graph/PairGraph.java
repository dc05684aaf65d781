package org.mast3r.scene.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which image pairs a scene runs the network on, named as dust3r's make_pairs names them:
 * {@code complete}, {@code swin[-K][-noncyclic]}, {@code logwin[-K][-noncyclic]} (K defaults to 3) and
 * {@code oneref[-I]} (I defaults to 0). {@link #pairs} returns the ordered pairs (i, j), symmetrised: the
 * graph's pairs, then each of them reversed in the same order.
 *
 * <p>Order. {@code complete} and {@code oneref} keep the reference's order exactly. For swin and logwin the
 * reference gathers the pairs in a Python set and lists them in set iteration order, which depends on
 * CPython's tuple hashing; we list the same set sorted by (i, j) instead, with i &lt; j.
 *
 * <p>One deliberate difference: a cyclic window of K &gt;= N wraps an image onto itself
 * ({@code (i + N) % N == i}) and the reference then pairs it with itself; we leave such pairs out.
 *
 * @param k the window (swin, logwin), the reference image (oneref), unused (complete)
 */
// ref: dust3r/image_pairs.py make_pairs (naver/dust3r 4c24a6e)
public record PairGraph(Kind kind, int k, boolean cyclic) {
    public enum Kind { COMPLETE, SWIN, LOGWIN, ONEREF }

    private static final int DEFAULT_WINDOW = 3;

    public static List<int[]> pairs(String name, int n) {
        return parse(name).pairs(n);
    }

    /** Reads a scene-graph name; anything the grammar above does not spell is refused. */
    public static PairGraph parse(String name) {
        String[] parts = name.split("-", -1);
        String head = parts[0];
        switch (head) {
            case "complete" -> {
                if (parts.length != 1) throw bad(name, "'complete' takes no parameter");
                return new PairGraph(Kind.COMPLETE, 0, false);
            }
            case "oneref" -> {
                if (parts.length > 2) throw bad(name, "expected oneref or oneref-I");
                int ref = parts.length == 2 ? number(name, parts[1], "reference image I") : 0;
                return new PairGraph(Kind.ONEREF, ref, false);
            }
            case "swin", "logwin" -> {
                Kind kind = head.equals("swin") ? Kind.SWIN : Kind.LOGWIN;
                int end = parts.length;
                boolean cyclic = !parts[end - 1].equals("noncyclic");
                if (!cyclic) end--;
                if (end > 2) throw bad(name, "expected " + head + "[-K][-noncyclic]");
                int window = end == 2 ? number(name, parts[1], "window K") : DEFAULT_WINDOW;
                if (window < 1) throw bad(name, "the window K must be at least 1");
                return new PairGraph(kind, window, cyclic);
            }
            default -> throw bad(name, "unknown scene graph (complete, swin-K, swin-K-noncyclic, logwin-K, "
                    + "logwin-K-noncyclic, oneref-I)");
        }
    }

    /** The ordered pairs over images 0..n-1, each pair (i, j) followed later by (j, i). */
    public List<int[]> pairs(int n) {
        if (n < 2) throw new IllegalArgumentException("a scene graph needs at least 2 images, got " + n);
        List<int[]> half = switch (kind) {
            case COMPLETE -> complete(n);
            case ONEREF -> oneref(n);
            case SWIN -> sorted(swin(n), n);
            case LOGWIN -> sorted(logwin(n), n);
        };
        List<int[]> out = new ArrayList<>(2 * half.size());
        out.addAll(half);
        for (int[] p : half) out.add(new int[] {p[1], p[0]});
        return out;
    }

    // ref: make_pairs 'complete': for i, for j < i: (i, j)
    private static List<int[]> complete(int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) out.add(new int[] {i, j});
        return out;
    }

    private List<int[]> oneref(int n) {
        if (k >= n) throw new IllegalArgumentException("oneref-" + k + ": the reference image must be below " + n);
        List<int[]> out = new ArrayList<>();
        for (int j = 0; j < n; j++) if (j != k) out.add(new int[] {k, j});
        return out;
    }

    // ref: make_pairs 'swin': {i, i + j} for j = 1..K, mod n when cyclic. Steps beyond n add nothing new.
    private TreeSet<Long> swin(int n) {
        TreeSet<Long> set = new TreeSet<>();
        int steps = Math.min(k, n);
        for (int i = 0; i < n; i++) {
            for (int j = 1; j <= steps; j++) {
                int idx = cyclic ? (i + j) % n : i + j;
                if (idx < n) add(set, n, i, idx);
            }
        }
        return set;
    }

    // ref: make_pairs 'logwin': {i, i -+ 2^m} for m < K, mod n when cyclic. Cyclic offsets are kept mod n;
    // 2^m mod n repeats after at most n + 31 steps, so more steps add nothing.
    private TreeSet<Long> logwin(int n) {
        TreeSet<Long> set = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            long off = cyclic ? 1 % n : 1;
            int steps = cyclic ? Math.min(k, n + 32) : k;
            for (int m = 0; m < steps && (cyclic || off < n); m++) {
                long left = i - off, right = i + off;
                if (cyclic) {
                    left = Math.floorMod(left, n);
                    right = right % n;
                }
                if (left >= 0) add(set, n, i, (int) left);
                if (right < n) add(set, n, i, (int) right);
                off = cyclic ? (2 * off) % n : 2 * off;
            }
        }
        return set;
    }

    /** The unordered pair {a, b} as (min, max), encoded so that the set iterates in (i, j) order. */
    private static void add(TreeSet<Long> set, int n, int a, int b) {
        if (a == b) return;
        set.add((long) Math.min(a, b) * n + Math.max(a, b));
    }

    private static List<int[]> sorted(TreeSet<Long> set, int n) {
        List<int[]> out = new ArrayList<>(set.size());
        for (long code : set) out.add(new int[] {(int) (code / n), (int) (code % n)});
        return out;
    }

    private static int number(String name, String text, String what) {
        try {
            int v = Integer.parseInt(text);
            if (v < 0) throw bad(name, "the " + what + " must not be negative");
            return v;
        } catch (NumberFormatException e) {
            throw bad(name, "the " + what + " is not a number: '" + text + "'");
        }
    }

    private static IllegalArgumentException bad(String name, String problem) {
        return new IllegalArgumentException("scene graph '" + name + "': " + problem);
    }
}
