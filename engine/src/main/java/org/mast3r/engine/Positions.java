package org.mast3r.engine;

/**
 * Grid position (y, x) of each patch token, row-major over a gridH x gridW patch grid: token
 * t = y * gridW + x. RoPE rotates the first half of each head with y and the second with x.
 */
public record Positions(int gridH, int gridW, int[] y, int[] x) {
    public static Positions grid(int gridH, int gridW) {
        int n = gridH * gridW;
        int[] y = new int[n];
        int[] x = new int[n];
        for (int t = 0; t < n; t++) {
            y[t] = t / gridW;
            x[t] = t % gridW;
        }
        return new Positions(gridH, gridW, y, x);
    }

    public int tokens() {
        return y.length;
    }
}
