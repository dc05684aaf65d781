package org.mast3r.engine.nn;

import static org.mast3r.engine.Close.assertClose;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.mast3r.engine.CpuBackend;
import org.mast3r.engine.Inputs;
import org.mast3r.engine.MapWeights;
import org.mast3r.engine.Reference;

/** Conv2d, ConvTranspose2d and PatchEmbed: PyTorch weight layouts by name, and forward. */
class ConvModulesTest {
    @AutoClose
    static final CpuBackend BE = new CpuBackend(2);

    @Test
    void conv2dWithBiasStride2() {
        int cin = 5, cout = 6, h = 7, w = 5;
        MapWeights ck = new MapWeights(BE, 1).add("act_postprocess.3.1.weight", 0, 0.3, cout, cin, 3, 3)
                .add("act_postprocess.3.1.bias", 0, 0.5, cout);
        Conv2d conv = new Conv2d(ck.at("act_postprocess.3.1"), cin, cout, 3, 2, 1, true);
        ck.assertAllRead();
        float[] x = Inputs.uniform(2, cin * h * w, 1);
        MapWeights p = ck.at("act_postprocess.3.1");
        double[] ref = Reference.conv2d(Reference.widen(x), cin, h, w, p.values("weight"), p.values("bias"), cout, 3, 3, 2, 1);
        // float32 sums of 45 products: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("Conv2d 3x3/s2", BE, conv.forward(BE.upload(x, cin, h, w)), new int[] {cout, 4, 3}, ref, 2e-6);
    }

    @Test
    void conv2dWithoutBiasReadsNoBias() {
        int cin = 7, cout = 4, h = 3, w = 5;
        MapWeights ck = new MapWeights(BE, 3).add("scratch.layer2_rn.weight", 0, 0.3, cout, cin, 3, 3);
        Conv2d conv = new Conv2d(ck.at("scratch.layer2_rn"), cin, cout, 3, 1, 1, false);
        ck.assertAllRead();
        float[] x = Inputs.uniform(4, cin * h * w, 1);
        double[] ref = Reference.conv2d(Reference.widen(x), cin, h, w, ck.values("scratch.layer2_rn.weight"), null,
                cout, 3, 3, 1, 1);
        // float32 sums of 63 products: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("Conv2d 3x3 no bias", BE, conv.forward(BE.upload(x, cin, h, w)), new int[] {cout, h, w}, ref, 2e-6);
    }

    @Test
    void convTransposeReadsInOutKK() {
        int cin = 5, cout = 3, h = 3, w = 5, k = 4;
        MapWeights ck = new MapWeights(BE, 5).add("up.weight", 0, 0.5, cin, cout, k, k).add("up.bias", 0, 0.5, cout);
        ConvTranspose2d up = new ConvTranspose2d(ck.at("up"), cin, cout, k);
        ck.assertAllRead();
        float[] x = Inputs.uniform(6, cin * h * w, 1);
        double[] ref = Reference.convTranspose2d(Reference.widen(x), cin, h, w, ck.values("up.weight"), ck.values("up.bias"),
                cout, k, k);
        // a bias plus 5 products per output: measured ~1e-7 of max|ref|
        assertClose("ConvTranspose2d 4x4/s4", BE, up.forward(BE.upload(x, cin, h, w)), new int[] {cout, h * k, w * k}, ref, 2e-6);
    }

    @Test
    void patchEmbedGivesRowMajorTokens() {
        int p = 4, e = 20, gh = 3, gw = 5;
        MapWeights ck = new MapWeights(BE, 7).add("patch_embed.proj.weight", 0, 0.2, e, 3, p, p)
                .add("patch_embed.proj.bias", 0, 0.5, e);
        PatchEmbed embed = new PatchEmbed(ck.at("patch_embed"), p, e);
        ck.assertAllRead();
        float[] img = Inputs.uniform(8, 3 * gh * p * gw * p, 1);
        double[] grid = Reference.conv2d(Reference.widen(img), 3, gh * p, gw * p, ck.values("patch_embed.proj.weight"),
                ck.values("patch_embed.proj.bias"), e, p, p, p, 0);
        double[] ref = new double[gh * gw * e];                       // flatten(2).transpose(1, 2): token y*gw+x
        for (int c = 0; c < e; c++) {
            for (int t = 0; t < gh * gw; t++) ref[t * e + c] = grid[c * gh * gw + t];
        }
        // float32 sums of 48 products: measured ~2e-7 of max|ref|, 2e-6 leaves a 10x margin
        assertClose("PatchEmbed", BE, embed.forward(BE.upload(img, 3, gh * p, gw * p)), new int[] {gh * gw, e}, ref, 2e-6);
    }
}
