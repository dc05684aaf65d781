package org.mast3r.image;

/**
 * Pillow's {@code Image.resize} for 8-bit RGB, bit for bit: a separable convolution whose kernel is
 * stretched by the downscale factor, coefficients normalised to sum 1 and then rounded to fixed point
 * with 22 fractional bits, horizontal pass first, then vertical, each rounded and clipped to 0..255.
 * ref: Pillow 12.3.0 src/libImaging/Resample.c (precompute_coeffs, normalize_coeffs_8bpc,
 * _ImagingResampleHorizontal_8bpc, _ImagingResampleVertical_8bpc, ImagingResampleInner).
 */
public final class PillowResample {
    /** The two filters load_images uses; {@code support} is the kernel radius at scale 1. */
    public enum Filter {
        /** ref: Resample.c bicubic_filter, a = -0.5, support 2. */
        BICUBIC(2.0),
        /** ref: Resample.c lanczos_filter, a = 3 (sinc(x) * sinc(x/3) on [-3, 3)), support 3. */
        LANCZOS(3.0);

        final double support;

        Filter(double support) {
            this.support = support;
        }

        double eval(double x) {
            return switch (this) {
                case BICUBIC -> bicubic(x);
                case LANCZOS -> (-3.0 <= x && x < 3.0) ? sinc(x) * sinc(x / 3) : 0.0;
            };
        }

        private static double bicubic(double x) {
            final double a = -0.5;
            if (x < 0.0) x = -x;
            if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
            if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
            return 0.0;
        }

        private static double sinc(double x) {
            if (x == 0.0) return 1.0;
            x = x * Math.PI;
            // StrictMath (fdlibm) so the result does not depend on the JIT's intrinsic; the fixed-point
            // rounding below absorbs the last-ulp differences to the C library's sin.
            return StrictMath.sin(x) / x;
        }
    }

    /** 32 bits minus 8 for the result minus 2 for overshoot of negative lobes. ref: Resample.c PRECISION_BITS */
    static final int PRECISION_BITS = 32 - 8 - 2;

    private PillowResample() {}

    /**
     * One axis' kernels: output i reads {@code count[i]} inputs from {@code first[i]} with fixed-point
     * weights {@code weight[i * ksize + j]}.
     */
    record Coefficients(int ksize, int[] first, int[] count, int[] weight) {}

    /**
     * ref: Resample.c precompute_coeffs (box = the whole input, so in0 = 0, in1 = inSize) followed by
     * normalize_coeffs_8bpc (round half away from zero after scaling by 2^22).
     */
    static Coefficients coefficients(int inSize, int outSize, Filter filter) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = filter.support * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        double invFilterscale = 1.0 / filterscale;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] weight = new int[outSize * ksize];
        double[] k = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            // C casts truncate toward zero, as Java's do.
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = filter.eval((x + xmin - center + 0.5) * invFilterscale);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                double w = ww != 0.0 ? k[x] / ww : k[x];
                weight[xx * ksize + x] = w < 0
                        ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                        : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            first[xx] = xmin;
            count[xx] = xmax;
        }
        return new Coefficients(ksize, first, count, weight);
    }

    /** ref: Resample.c clip8: drop the fraction (arithmetic shift) and saturate to 0..255. */
    static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Resizes {@code in} to outWidth x outHeight as PIL's {@code img.resize((outWidth, outHeight), filter)}. */
    public static RgbImage resize(RgbImage in, int outWidth, int outHeight, Filter filter) {
        if (outWidth <= 0 || outHeight <= 0) throw new IllegalArgumentException("resize to " + outWidth + "x" + outHeight);
        boolean horizontal = outWidth != in.width();
        boolean vertical = outHeight != in.height();
        if (!horizontal && !vertical) return new RgbImage(in.width(), in.height(), in.rgb().clone());
        if (!vertical) {
            return new RgbImage(outWidth, in.height(),
                    horizontalPass(in.rgb(), in.width(), 0, in.height(), outWidth, coefficients(in.width(), outWidth, filter)));
        }
        Coefficients vert = coefficients(in.height(), outHeight, filter);
        if (!horizontal) return new RgbImage(in.width(), outHeight, verticalPass(in.rgb(), in.width(), 0, outHeight, vert));
        // ref: ImagingResampleInner: the horizontal pass only produces the rows the vertical pass reads
        // (ybox_first .. ybox_last); the vertical kernels are shifted by ybox_first.
        int rowFirst = vert.first()[0];
        int rowEnd = vert.first()[outHeight - 1] + vert.count()[outHeight - 1];
        byte[] temp = horizontalPass(in.rgb(), in.width(), rowFirst, rowEnd, outWidth, coefficients(in.width(), outWidth, filter));
        return new RgbImage(outWidth, outHeight, verticalPass(temp, outWidth, rowFirst, outHeight, vert));
    }

    /** Rows [rowFirst, rowEnd) of a [H, inWidth, 3] image to [rowEnd - rowFirst, outWidth, 3]. */
    private static byte[] horizontalPass(byte[] in, int inWidth, int rowFirst, int rowEnd, int outWidth, Coefficients c) {
        byte[] out = new byte[(rowEnd - rowFirst) * outWidth * 3];
        int ksize = c.ksize();
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = rowFirst; y < rowEnd; y++) {
            int lineIn = y * inWidth * 3;
            int lineOut = (y - rowFirst) * outWidth * 3;
            for (int xx = 0; xx < outWidth; xx++) {
                int xmin = c.first()[xx];
                int n = c.count()[xx];
                int kBase = xx * ksize;
                int s0 = half, s1 = half, s2 = half;
                for (int x = 0; x < n; x++) {
                    int k = c.weight()[kBase + x];
                    int p = lineIn + (x + xmin) * 3;
                    s0 += (in[p] & 0xFF) * k;
                    s1 += (in[p + 1] & 0xFF) * k;
                    s2 += (in[p + 2] & 0xFF) * k;
                }
                out[lineOut + xx * 3] = (byte) clip8(s0);
                out[lineOut + xx * 3 + 1] = (byte) clip8(s1);
                out[lineOut + xx * 3 + 2] = (byte) clip8(s2);
            }
        }
        return out;
    }

    /** [*, width, 3] to [outHeight, width, 3]; kernel rows are shifted up by {@code rowOffset}. */
    private static byte[] verticalPass(byte[] in, int width, int rowOffset, int outHeight, Coefficients c) {
        byte[] out = new byte[outHeight * width * 3];
        int ksize = c.ksize();
        int half = 1 << (PRECISION_BITS - 1);
        int stride = width * 3;
        int[] acc = new int[stride];
        for (int yy = 0; yy < outHeight; yy++) {
            int ymin = c.first()[yy] - rowOffset;
            int n = c.count()[yy];
            int kBase = yy * ksize;
            java.util.Arrays.fill(acc, half);
            // Row-major accumulation: same integer sums as Pillow's per-pixel loop (integer addition is exact).
            for (int y = 0; y < n; y++) {
                int k = c.weight()[kBase + y];
                int line = (ymin + y) * stride;
                for (int i = 0; i < stride; i++) acc[i] += (in[line + i] & 0xFF) * k;
            }
            int lineOut = yy * stride;
            for (int i = 0; i < stride; i++) out[lineOut + i] = (byte) clip8(acc[i]);
        }
        return out;
    }
}
