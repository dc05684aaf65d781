package org.mast3r.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.model.EncodedView;
import org.mast3r.model.InputImage;
import org.mast3r.model.PairOutput;
import org.mast3r.model.ViewOutput;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;

/**
 * Encoding each image once and decoding pairs of encodings gives the bits of the one-call forward pass, in both
 * orders (symmetric_inference), for views of one shape (which forward encodes as one batch) and of two shapes,
 * and a decode neither changes nor gives away the encodings it reads (the activation pool).
 */
class EncodeOnceTest {
    @Test
    void encodeThenDecodeIsForwardBitForBit() {
        ModelConfig config = ModelConfig.fromJson(Json.read(Fixtures.file("mast3r-tiny", "config.json")), "config.json");
        InputImage a = NoiseImage.of(11, 192, 256), b = NoiseImage.of(12, 192, 256), portrait = NoiseImage.of(13, 256, 192);
        try (Mast3r m = Mast3r.synthetic(config, new SynthSpec(0, 1.0, Map.of()), 2)) {
            EncodedView ea = m.encode(a), eb = m.encode(b), ep = m.encode(portrait);
            assertEquals(12 * 16, ea.tokenCount());
            assertEquals(config.encEmbedDim(), ea.dim());
            float[] ka = ea.tokens().clone(), kb = eb.tokens().clone();
            for (int round = 0; round < 2; round++) {          // the second round's activations come from the pool
                same("a,b", m.infer(a, b), m.decode(ea, eb));
                same("b,a", m.infer(b, a), m.decode(eb, ea));
                same("a,portrait", m.infer(a, portrait), m.decode(ea, ep));
                same("portrait,b", m.infer(portrait, b), m.decode(ep, eb));
                descriptorsOnly("a,portrait", m.decode(ea, ep), m.decode(ea, ep, false));
            }
            assertArrayEquals(ka, ea.tokens(), "a decode changed an encoding");
            assertArrayEquals(kb, eb.tokens(), "a decode changed an encoding");
        }
    }

    private static void same(String what, PairOutput expected, PairOutput actual) {
        for (int v = 0; v < 2; v++) {
            ViewOutput e = v == 0 ? expected.view1() : expected.view2(), x = v == 0 ? actual.view1() : actual.view2();
            String name = what + " view" + (v + 1);
            assertEquals(e.height(), x.height(), name);
            assertEquals(e.width(), x.width(), name);
            assertArrayEquals(e.pts3d(), x.pts3d(), name + " pts3d");
            assertArrayEquals(e.conf(), x.conf(), name + " conf");
            assertArrayEquals(e.desc(), x.desc(), name + " desc");
            assertArrayEquals(e.descConf(), x.descConf(), name + " desc_conf");
        }
    }

    /** Without view 2's points: view 1 whole and view 2's descriptors, bit for bit; no view 2 points or conf. */
    private static void descriptorsOnly(String what, PairOutput full, PairOutput lean) {
        assertArrayEquals(full.view1().pts3d(), lean.view1().pts3d(), what + " view1 pts3d");
        assertArrayEquals(full.view1().conf(), lean.view1().conf(), what + " view1 conf");
        assertArrayEquals(full.view1().desc(), lean.view1().desc(), what + " view1 desc");
        assertArrayEquals(full.view2().desc(), lean.view2().desc(), what + " view2 desc");
        assertArrayEquals(full.view2().descConf(), lean.view2().descConf(), what + " view2 desc_conf");
        assertEquals(null, lean.view2().pts3d(), what + " view2 pts3d skipped");
        assertEquals(null, lean.view2().conf(), what + " view2 conf skipped");
    }
}
