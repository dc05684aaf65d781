package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mast3r.common.Fixtures;

/** synth-v1 against ../shared/fixtures/synth-v1-check, bit for bit, and the manifest's debug steps. */
class SynthV1Test {
    @Test
    void everyTensorOfEveryCheckFileIsBitExact() {
        JsonNode manifest = FixtureJson.read("synth-v1-check", "manifest.json");
        int compared = 0;
        for (Map.Entry<String, JsonNode> f : manifest.get("files").properties()) {
            SynthSpec spec = SynthSpec.fromJson(f.getValue(), f.getKey());
            try (Safetensors st = Safetensors.open(Fixtures.dir("synth-v1-check").resolve(f.getKey()));
                 Arena arena = Arena.ofConfined()) {
                assertEquals(f.getValue().get("tensors").size(), st.names().size(), f.getKey());
                for (String name : st.names()) {
                    StoredTensor ref = st.get(name);
                    MemorySegment got = arena.allocate(ref.elementCount() * 4);
                    SynthV1.fill(name, ref.shape(), spec, got);
                    for (long i = 0; i < ref.elementCount(); i++) {
                        int want = Float.floatToRawIntBits(ref.bytes().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i));
                        int have = Float.floatToRawIntBits(got.getAtIndex(ValueLayout.JAVA_FLOAT, i));
                        if (want != have) assertEquals(Integer.toHexString(want), Integer.toHexString(have), f.getKey() + " " + name + "[" + i + "]");
                    }
                    compared++;
                }
            }
        }
        assertEquals(40, compared);
    }

    @Test
    void hashSeedAndZMatchTheManifestDebugValues() {
        JsonNode files = FixtureJson.read("synth-v1-check", "manifest.json").get("files");
        for (Map.Entry<String, JsonNode> f : files.properties()) {
            long g = SynthSpec.fromJson(f.getValue(), f.getKey()).seed();
            for (Map.Entry<String, JsonNode> t : f.getValue().get("tensors").properties()) {
                JsonNode dbg = t.getValue().get("debug");
                String what = f.getKey() + " " + t.getKey();
                assertEquals(hex(dbg.get("fnv1a64").asText()), SynthV1.fnv1a64(t.getKey()), what);
                long seed = SynthV1.tensorSeed(t.getKey(), g);
                assertEquals(hex(dbg.get("seed").asText()), seed, what);
                for (int i = 0; i < dbg.get("z_first").size(); i++) {
                    assertEquals(hex(dbg.get("z_first").get(i).asText()), SynthV1.z(seed, i), what);
                    assertEquals(dbg.get("u_first").get(i).doubleValue(), SynthV1.u(seed, i), what);
                }
                // z and u go past the end of tiny tensors; stored values do not.
                for (int i = 0; i < t.getValue().get("first_values_bits").size(); i++) {
                    assertEquals(hex(t.getValue().get("first_values_bits").get(i).asText()) & 0xffffffffL,
                            Float.floatToRawIntBits(firstValue(t.getKey(), t.getValue(), f.getValue(), i)) & 0xffffffffL, what);
                }
            }
        }
    }

    private static float firstValue(String name, JsonNode tensor, JsonNode file, int i) {
        long[] shape = new long[tensor.get("shape").size()];
        for (int k = 0; k < shape.length; k++) shape[k] = tensor.get("shape").get(k).longValue();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(SynthV1.count(shape) * 4);
            SynthV1.fill(name, shape, SynthSpec.fromJson(file, "manifest"), out);
            return out.getAtIndex(ValueLayout.JAVA_FLOAT, i);
        }
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.substring(2), 16);
    }
}
