package org.mast3r.validate.spec;

/**
 * An array loaded for (or produced by) a spec case: a row-major shape and its values in one of three
 * element kinds, named after the spec's {@code dtype_as}: float32 ({@code f}), float64 ({@code d}) or
 * integers ({@code l}). Exactly one of the three is non-null.
 */
public record SpecArray(long[] shape, float[] f, double[] d, long[] l) {
    public static SpecArray ofFloats(long[] shape, float[] v) {
        return new SpecArray(shape, v, null, null);
    }

    public static SpecArray ofDoubles(long[] shape, double[] v) {
        return new SpecArray(shape, null, v, null);
    }

    public static SpecArray ofLongs(long[] shape, long[] v) {
        return new SpecArray(shape, null, null, v);
    }

    public static SpecArray ofInts(long[] shape, int[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return ofLongs(shape, l);
    }

    public int size() {
        return f != null ? f.length : d != null ? d.length : l.length;
    }

    /** Element i widened to double (for comparisons). */
    public double get(int i) {
        return f != null ? f[i] : d != null ? d[i] : (double) l[i];
    }

    public int[] ints() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            double v = get(i);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException("value " + v + " is not an int32");
            out[i] = (int) v;
        }
        return out;
    }

    public long[] longs() {
        if (l != null) return l;
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) out[i] = (long) get(i);
        return out;
    }

    public float[] floats() {
        if (f != null) return f;
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) get(i);
        return out;
    }

    public double[] doubles() {
        if (d != null) return d;
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }

    public int dim(int axis) {
        return Math.toIntExact(shape[axis]);
    }
}
