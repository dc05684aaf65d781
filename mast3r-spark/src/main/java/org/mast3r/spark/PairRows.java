package org.mast3r.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.PairPrediction;
import org.mast3r.scene.run.SymmetricPair;

/**
 * One unordered pair's results as one Parquet row: what the pair store keeps for it, so that the driver's
 * alignment reads the same bits as after a local run. The arrays are little-endian binary columns (float32,
 * int32, float64) rather than Parquet lists, which would box every value on the way in and out.
 *
 * <p>Columns: a, b (image indices, as oriented when computed); ab_x11 [Ha*Wa*3], ab_c11 [Ha*Wa], ab_x21
 * [ceil(Hb/s)*ceil(Wb/s)*3], ab_c21 (the pass with a as view 1); ba_* likewise with b as view 1; xy_a, xy_b
 * [M*2] the matches' pixels; conf [M]; score [3] (conf_score, sum of conf, M).
 */
final class PairRows {
    static final StructType SCHEMA = new StructType()
            .add("a", DataTypes.IntegerType, false).add("b", DataTypes.IntegerType, false)
            .add("ab_x11", DataTypes.BinaryType, false).add("ab_c11", DataTypes.BinaryType, false)
            .add("ab_x21", DataTypes.BinaryType, false).add("ab_c21", DataTypes.BinaryType, false)
            .add("ba_x11", DataTypes.BinaryType, false).add("ba_c11", DataTypes.BinaryType, false)
            .add("ba_x21", DataTypes.BinaryType, false).add("ba_c21", DataTypes.BinaryType, false)
            .add("xy_a", DataTypes.BinaryType, false).add("xy_b", DataTypes.BinaryType, false)
            .add("conf", DataTypes.BinaryType, false).add("score", DataTypes.BinaryType, false);

    private PairRows() {}

    static Row row(SymmetricPair.Run run) {
        PairPrediction ab = run.ab(), ba = run.ba();
        PairCorrespondences m = run.matches();
        return RowFactory.create(m.a(), m.b(),
                floats(ab.x11()), floats(ab.c11()), floats(ab.x21Sub()), floats(ab.c21Sub()),
                floats(ba.x11()), floats(ba.c11()), floats(ba.x21Sub()), floats(ba.c21Sub()),
                ints(m.xyA()), ints(m.xyB()), floats(m.conf()), doubles(m.score()));
    }

    static SymmetricPair.Run run(Row r) {
        int a = r.getInt(0), b = r.getInt(1);
        PairPrediction ab = new PairPrediction(a, b, floats(r, 2), floats(r, 3), floats(r, 4), floats(r, 5));
        PairPrediction ba = new PairPrediction(b, a, floats(r, 6), floats(r, 7), floats(r, 8), floats(r, 9));
        return new SymmetricPair.Run(ab, ba, new PairCorrespondences(a, b, ints(r, 10), ints(r, 11), floats(r, 12), doubles(r, 13)));
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static byte[] ints(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return b.array();
    }

    private static byte[] doubles(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    private static ByteBuffer buffer(Row r, int column) {
        return ByteBuffer.wrap((byte[]) r.get(column)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] floats(Row r, int column) {
        ByteBuffer b = buffer(r, column);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static int[] ints(Row r, int column) {
        ByteBuffer b = buffer(r, column);
        int[] v = new int[b.remaining() / 4];
        b.asIntBuffer().get(v);
        return v;
    }

    private static double[] doubles(Row r, int column) {
        ByteBuffer b = buffer(r, column);
        double[] v = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(v);
        return v;
    }
}
