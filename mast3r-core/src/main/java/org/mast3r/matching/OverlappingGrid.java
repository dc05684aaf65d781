package org.mast3r.matching;

/**
 * {@code _make_overlapping_grid}: windows whose long side is {@code size} (rounded down to a multiple of
 * 16, aspect kept), placed on a grid that covers the image with at least {@code overlap} between
 * neighbours. Cells are {@code [x0, y0, x1, y1]} (exclusive ends), y outer, x inner: int[n*4].
 * // ref: mast3r/utils/coarse_to_fine.py _make_overlapping_grid, _start_pos, multiple_of_16
 */
public final class OverlappingGrid {
    private OverlappingGrid() {}

    public static int[] make(int h, int w, int size, double overlap) {
        int longSide = Math.max(h, w);
        int hWin = multipleOf16((int) ((long) h * size / longSide));
        int wWin = multipleOf16((int) ((long) w * size / longSide));
        long[] xs = startPositions(w, wWin, overlap);
        long[] ys = startPositions(h, hWin, overlap);
        int[] cells = new int[xs.length * ys.length * 4];
        int k = 0;
        for (long y : ys) {
            for (long x : xs) {
                cells[k++] = (int) x;
                cells[k++] = (int) y;
                cells[k++] = (int) x + wWin;
                cells[k++] = (int) y + hWin;
            }
        }
        return cells;
    }

    static int multipleOf16(int x) {
        return Math.floorDiv(x, 16) * 16;
    }

    /**
     * First window at 0, last at {@code total - win}, {@code 2 + floor((last - 1) / spacing)} windows evenly
     * spread and rounded half to even (np.linspace(...).round()).
     */
    static long[] startPositions(int total, int win, double overlap) {
        if (!(overlap >= 0 && overlap < 1)) throw new IllegalArgumentException("overlap must be in [0, 1), got " + overlap);
        if (total < win) throw new IllegalArgumentException("window " + win + " is larger than the image side " + total);
        double spacing = win * (1 - overlap);
        int last = total - win;
        int n = 2 + (int) Math.floor((last - 1) / spacing);
        long[] out = new long[Math.max(n, 0)];
        if (n == 1) return out; // linspace(0, last, 1) = [0]
        double step = (double) last / (n - 1);
        for (int i = 0; i < n; i++) out[i] = (long) Math.rint(i == n - 1 ? last : i * step);
        return out;
    }
}
