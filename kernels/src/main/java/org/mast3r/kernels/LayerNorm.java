package org.mast3r.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer normalisation over the last dimension: x [rows, dim] -> y [rows, dim],
 * y = (x - mean) / sqrt(var + eps) * gamma + beta with the biased variance (divide by dim), as PyTorch.
 * gamma/beta [dim] are float32 segments starting at element 0; null means 1 / 0. y may alias x.
 */
public final class LayerNorm {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;

    private LayerNorm() {}

    public static void rows(Parallel p, float[] x, int xOff, int rows, int dim, MemorySegment gamma,
                            MemorySegment beta, float eps, float[] y, int yOff) {
        if (!Simd.ENABLED) {
            rowsScalar(p, x, xOff, rows, dim, gamma, beta, eps, y, yOff);
            return;
        }
        p.forRange(rows, 8, (s, e) -> {
            for (int r = s; r < e; r++) row(x, xOff + r * dim, dim, gamma, beta, eps, y, yOff + r * dim);
        });
    }

    /** Scalar twin: two passes with mean and variance in double. */
    public static void rowsScalar(Parallel p, float[] x, int xOff, int rows, int dim, MemorySegment gamma,
                                  MemorySegment beta, float eps, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * dim, yo = yOff + r * dim;
            double sum = 0;
            for (int i = 0; i < dim; i++) sum += x[xo + i];
            double mean = sum / dim;
            double sq = 0;
            for (int i = 0; i < dim; i++) sq += (x[xo + i] - mean) * (x[xo + i] - mean);
            float m = (float) mean, rstd = (float) (1.0 / Math.sqrt(sq / dim + eps));
            for (int i = 0; i < dim; i++) {
                float g = gamma == null ? 1f : gamma.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                float b = beta == null ? 0f : beta.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                y[yo + i] = (x[xo + i] - m) * rstd * g + b;
            }
        }
    }

    /** One row; the variance is a second pass over (x - mean) so large means do not cancel. */
    private static void row(float[] x, int xo, int dim, MemorySegment gamma, MemorySegment beta, float eps,
                            float[] y, int yo) {
        int vEnd = F.loopBound(dim);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i < vEnd; i += L) acc = acc.add(FloatVector.fromArray(F, x, xo + i));
        float sum = Simd.sumLanes(acc);
        for (; i < dim; i++) sum += x[xo + i];
        float mean = sum / dim;
        FloatVector mv = FloatVector.broadcast(F, mean);
        acc = FloatVector.zero(F);
        for (i = 0; i < vEnd; i += L) {
            FloatVector d = FloatVector.fromArray(F, x, xo + i).sub(mv);
            acc = d.fma(d, acc);
        }
        float sq = Simd.sumLanes(acc);
        for (; i < dim; i++) sq += (x[xo + i] - mean) * (x[xo + i] - mean);
        float rstd = (float) (1.0 / Math.sqrt(sq / dim + eps));
        FloatVector rv = FloatVector.broadcast(F, rstd);
        for (i = 0; i < vEnd; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i).sub(mv).mul(rv);
            if (gamma != null) v = v.mul(FloatVector.fromMemorySegment(F, gamma, (long) i * Float.BYTES, ByteOrder.nativeOrder()));
            if (beta != null) v = v.add(FloatVector.fromMemorySegment(F, beta, (long) i * Float.BYTES, ByteOrder.nativeOrder()));
            v.intoArray(y, yo + i);
        }
        for (; i < dim; i++) {
            float g = gamma == null ? 1f : gamma.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            float b = beta == null ? 0f : beta.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            y[yo + i] = (x[xo + i] - mean) * rstd * g + b;
        }
    }
}
