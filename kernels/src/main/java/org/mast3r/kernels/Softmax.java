package org.mast3r.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Softmax over each row of x [rows, cols], in place; the row max is subtracted first so exp never overflows. */
public final class Softmax {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;

    private Softmax() {}

    public static void rows(float[] x, int off, int rows, int cols) {
        if (!Simd.ENABLED) {
            rowsScalar(x, off, rows, cols);
            return;
        }
        int vEnd = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = off + r * cols;
            FloatVector mx = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            int i = 0;
            for (; i < vEnd; i += L) mx = mx.max(FloatVector.fromArray(F, x, o + i));
            float max = mx.reduceLanes(VectorOperators.MAX);
            for (; i < cols; i++) max = Math.max(max, x[o + i]);
            FloatVector mv = FloatVector.broadcast(F, max), sv = FloatVector.zero(F);
            for (i = 0; i < vEnd; i += L) {
                FloatVector e = Exp.exp(FloatVector.fromArray(F, x, o + i).sub(mv));
                e.intoArray(x, o + i);
                sv = sv.add(e);
            }
            float sum = Simd.sumLanes(sv);
            for (; i < cols; i++) {
                x[o + i] = (float) Math.exp(x[o + i] - max);
                sum += x[o + i];
            }
            FloatVector inv = FloatVector.broadcast(F, 1f / sum);
            for (i = 0; i < vEnd; i += L) FloatVector.fromArray(F, x, o + i).mul(inv).intoArray(x, o + i);
            for (; i < cols; i++) x[o + i] *= 1f / sum;
        }
    }

    /** Scalar twin: exp in double, sum in double, one division per element. */
    public static void rowsScalar(float[] x, int off, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < cols; i++) max = Math.max(max, x[o + i]);
            double sum = 0;
            for (int i = 0; i < cols; i++) {
                x[o + i] = (float) Math.exp(x[o + i] - max);
                sum += x[o + i];
            }
            for (int i = 0; i < cols; i++) x[o + i] = (float) (x[o + i] / sum);
        }
    }
}
