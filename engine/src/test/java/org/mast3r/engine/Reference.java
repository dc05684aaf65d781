package org.mast3r.engine;

/**
 * Plain double-precision math that the engine's ops and modules are checked against, written from
 * architecture.md §3 and PyTorch's definitions (not from the kernels). Matrices are row-major double[];
 * weights are the float[] values the test checkpoint holds, in PyTorch layouts.
 */
public final class Reference {
    private Reference() {}

    public static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** y[n, out] = x[n, in] w[out, in]^T + b[out] (b may be null). */
    public static double[] linear(double[] x, int n, int in, float[] w, float[] b, int out) {
        double[] y = new double[n * out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) s += x[r * in + i] * w[o * in + i];
                y[r * out + o] = s;
            }
        }
        return y;
    }

    /** LayerNorm over rows of c with biased variance. */
    public static double[] layerNorm(double[] x, int n, int c, float[] gamma, float[] beta, double eps) {
        double[] y = new double[n * c];
        for (int r = 0; r < n; r++) {
            double mean = 0, var = 0;
            for (int i = 0; i < c; i++) mean += x[r * c + i];
            mean /= c;
            for (int i = 0; i < c; i++) var += (x[r * c + i] - mean) * (x[r * c + i] - mean);
            var /= c;
            double inv = 1 / Math.sqrt(var + eps);
            for (int i = 0; i < c; i++) y[r * c + i] = (x[r * c + i] - mean) * inv * gamma[i] + beta[i];
        }
        return y;
    }

    /** GELU(v) = v/2 (1 + erf(v / sqrt 2)). */
    public static double gelu(double v) {
        return 0.5 * v * (1 + erf(v / Math.sqrt(2)));
    }

    public static double[] gelu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = gelu(x[i]);
        return y;
    }

    /**
     * erf by the all-positive series erf(x) = 2/sqrt(pi) e^{-x^2} sum_n (2x^2)^n x / (2n+1)!!, accurate to
     * about 1e-15 for |x| < 6; beyond that erf is +-1 in double.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 6) return Math.signum(x);
        double term = ax, sum = ax;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * ax * ax / (2 * n + 1);
            sum += term;
        }
        return Math.signum(x) * 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
    }

    /**
     * CroCo's RoPE2D in place on columns [col, col + heads*headDim) of x [n, stride]: per head the first
     * half is rotated by y, the second by x. A half t of size m: inv_freq_j = 1/base^(2j/m) for j < m/2,
     * out = t cos + rotate_half(t) sin with rotate_half(a, b) = (-b, a) and cos, sin repeated on both quarters.
     */
    public static void rope2d(double[] x, int n, int stride, int col, int heads, int headDim,
                              int[] py, int[] px, double base) {
        int m = headDim / 2;
        for (int t = 0; t < n; t++) {
            for (int h = 0; h < heads; h++) {
                int o = t * stride + col + h * headDim;
                rope1d(x, o, m, py[t], base);
                rope1d(x, o + m, m, px[t], base);
            }
        }
    }

    private static void rope1d(double[] x, int o, int m, int pos, double base) {
        double[] t = new double[m];
        System.arraycopy(x, o, t, 0, m);
        for (int i = 0; i < m; i++) {
            int j = i % (m / 2);                                   // cos/sin repeated over both quarters
            double angle = pos / Math.pow(base, 2.0 * j / m);
            double rotated = i < m / 2 ? -t[i + m / 2] : t[i - m / 2];
            x[o + i] = t[i] * Math.cos(angle) + rotated * Math.sin(angle);
        }
    }

    /**
     * softmax(q k^T * scale) v per head for one batch item: q is columns [qCol, ...) of rows of qStride,
     * k and v likewise. Returns [nq, heads*headDim].
     */
    public static double[] attention(double[] q, int qStride, int qCol, double[] k, int kStride, int kCol,
                                     double[] v, int vStride, int vCol, int nq, int nk, int heads, int headDim,
                                     double scale) {
        int width = heads * headDim;
        double[] out = new double[nq * width];
        double[] p = new double[nk];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < nq; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < nk; j++) {
                    double s = 0;
                    for (int d = 0; d < headDim; d++) {
                        s += q[i * qStride + qCol + h * headDim + d] * k[j * kStride + kCol + h * headDim + d];
                    }
                    p[j] = s * scale;
                    max = Math.max(max, p[j]);
                }
                double sum = 0;
                for (int j = 0; j < nk; j++) sum += p[j] = Math.exp(p[j] - max);
                for (int d = 0; d < headDim; d++) {
                    double acc = 0;
                    for (int j = 0; j < nk; j++) acc += p[j] * v[j * vStride + vCol + h * headDim + d];
                    out[i * width + h * headDim + d] = acc / sum;
                }
            }
        }
        return out;
    }

    public static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = a[i] + b[i];
        return y;
    }

    /** PyTorch Conv2d: x [cin, h, w], w [cout, cin, kh, kw], zero padding; returns [cout, ho, wo]. */
    public static double[] conv2d(double[] x, int cin, int h, int w, float[] wt, float[] b,
                                  int cout, int kh, int kw, int stride, int pad) {
        int ho = (h + 2 * pad - kh) / stride + 1, wo = (w + 2 * pad - kw) / stride + 1;
        double[] y = new double[cout * ho * wo];
        for (int o = 0; o < cout; o++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    double s = b == null ? 0 : b[o];
                    for (int c = 0; c < cin; c++) {
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * stride - pad + ky;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * stride - pad + kx;
                                if (ix < 0 || ix >= w) continue;
                                s += x[(c * h + iy) * w + ix] * wt[((o * cin + c) * kh + ky) * kw + kx];
                            }
                        }
                    }
                    y[(o * ho + oy) * wo + ox] = s;
                }
            }
        }
        return y;
    }

    /**
     * PyTorch ConvTranspose2d with kernel k, stride s, no padding: x [cin, h, w], w [cin, cout, k, k];
     * every input pixel scatters a k x k patch at (y*s, x*s). Returns [cout, (h-1)s+k, (w-1)s+k].
     */
    public static double[] convTranspose2d(double[] x, int cin, int h, int w, float[] wt, float[] b,
                                           int cout, int k, int s) {
        int ho = (h - 1) * s + k, wo = (w - 1) * s + k;
        double[] y = new double[cout * ho * wo];
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < ho * wo; i++) y[o * ho * wo + i] = b == null ? 0 : b[o];
        }
        for (int c = 0; c < cin; c++) {
            for (int iy = 0; iy < h; iy++) {
                for (int ix = 0; ix < w; ix++) {
                    double v = x[(c * h + iy) * w + ix];
                    for (int o = 0; o < cout; o++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                y[(o * ho + iy * s + ky) * wo + ix * s + kx] += v * wt[((c * cout + o) * k + ky) * k + kx];
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /** F.interpolate(scale_factor=2, mode="bilinear", align_corners=True) on [c, h, w]. */
    public static double[] upsample2xAlignCorners(double[] x, int c, int h, int w) {
        int ho = 2 * h, wo = 2 * w;
        double[] y = new double[c * ho * wo];
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < ho; oy++) {
                double sy = h == 1 ? 0 : oy * (h - 1) / (double) (ho - 1);
                int y0 = (int) Math.floor(sy), y1 = Math.min(y0 + 1, h - 1);
                double fy = sy - y0;
                for (int ox = 0; ox < wo; ox++) {
                    double sx = w == 1 ? 0 : ox * (w - 1) / (double) (wo - 1);
                    int x0 = (int) Math.floor(sx), x1 = Math.min(x0 + 1, w - 1);
                    double fx = sx - x0;
                    double top = x[(ch * h + y0) * w + x0] * (1 - fx) + x[(ch * h + y0) * w + x1] * fx;
                    double bot = x[(ch * h + y1) * w + x0] * (1 - fx) + x[(ch * h + y1) * w + x1] * fx;
                    y[(ch * ho + oy) * wo + ox] = top * (1 - fy) + bot * fy;
                }
            }
        }
        return y;
    }
}
