package org.mast3r.engine.nn;

import static org.mast3r.engine.Close.assertClose;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.mast3r.engine.CpuBackend;
import org.mast3r.engine.Inputs;
import org.mast3r.engine.MapWeights;
import org.mast3r.engine.Reference;
import org.mast3r.engine.Tensor;

/** Linear, LayerNorm and Mlp: checkpoint names and shapes, and forward against plain math. */
class LinearAndNormTest {
    @AutoClose
    static final CpuBackend BE = new CpuBackend(2);

    @Test
    void linearReadsWeightOutByInAndBias() {
        int n = 7, in = 37, out = 19;
        MapWeights w = new MapWeights(BE, 1).linear("decoder_embed", in, out);   // weight [out, in], bias [out]
        Linear lin = new Linear(w.at("decoder_embed"), in, out);
        w.assertAllRead();
        float[] x = Inputs.uniform(2, n * in, 1);
        double[] ref = ReferenceModules.linear(w.at("decoder_embed"), Reference.widen(x), n, in, out);
        // float32 dot products of length 37: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("Linear.forward", BE, lin.forward(BE.upload(x, n, in)), new int[] {n, out}, ref, 2e-6);

        float[] res = Inputs.uniform(3, n * out, 1);
        Tensor residual = BE.upload(res, n, out);
        lin.forwardAdd(BE.upload(x, n, in), residual);
        assertClose("Linear.forwardAdd", BE, residual, new int[] {n, out}, Reference.add(Reference.widen(res), ref), 2e-6);
    }

    @Test
    void layerNormUsesEps1e6() {
        int n = 4, c = 45;
        MapWeights w = new MapWeights(BE, 4).layerNorm("norm", c);
        LayerNorm norm = new LayerNorm(w.at("norm"), c);
        w.assertAllRead();
        float[] x = Inputs.uniform(5, n * c, 2);
        // a row with variance ~8e-8: eps 1e-5 instead of 1e-6 would shrink it threefold (centred at 0, so
        // float32 rounding of a large mean does not swamp it)
        for (int i = 0; i < c; i++) x[2 * c + i] *= 2.5e-4f;
        double[] ref = ReferenceModules.norm(w.at("norm"), Reference.widen(x), n, c);
        // float32 two-pass statistics over 45 values: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("LayerNorm", BE, norm.forward(BE.upload(x, n, c)), new int[] {n, c}, ref, 2e-6);
    }

    @Test
    void mlpIsFc2GeluFc1() {
        int n = 15, in = 24, hidden = 70, out = 13;
        MapWeights w = new MapWeights(BE, 6).linear("mlp.fc1", in, hidden).linear("mlp.fc2", hidden, out);
        Mlp mlp = new Mlp(w.at("mlp"), in, hidden, out);
        w.assertAllRead();
        float[] x = Inputs.uniform(7, n * in, 2);
        double[] ref = ReferenceModules.mlp(w.at("mlp"), Reference.widen(x), n, in, hidden, out);
        // two float32 GEMMs around GELU: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("Mlp.forward", BE, mlp.forward(BE.upload(x, n, in)), new int[] {n, out}, ref, 2e-6);

        float[] res = Inputs.uniform(8, n * out, 1);
        Tensor residual = BE.upload(res, n, out);
        mlp.forwardAdd(BE.upload(x, n, in), residual);
        assertClose("Mlp.forwardAdd", BE, residual, new int[] {n, out}, Reference.add(Reference.widen(res), ref), 2e-6);
    }
}
