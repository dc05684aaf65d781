package org.mast3r.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.weights.Safetensors;
import org.mast3r.weights.StoredTensor;
import org.mast3r.weights.SynthSpec;
import org.mast3r.weights.SynthV1;

/**
 * Fixtures of the synth-v1-check kind: {@code files} maps safetensors files to {g, GAIN, tensors}, each
 * tensor carrying its synth-v1 {@code rule} or {@code first_values_bits}. Every stored tensor is
 * regenerated from its name and shape and compared bit for bit (no tolerance).
 */
public final class SynthCheckValidator implements FixtureValidator {
    @Override
    public boolean accepts(JsonNode manifest) {
        JsonNode files = manifest.get("files");
        if (files == null || !files.isObject() || files.isEmpty()) return false;
        for (JsonNode f : files) {
            JsonNode tensors = f.get("tensors");
            if (tensors == null || !tensors.isObject()) return false;
            for (JsonNode t : tensors) if (!t.has("rule") && !t.has("first_values_bits")) return false;
        }
        return true;
    }

    @Override
    public void validate(Path dir, JsonNode manifest, ValidateOptions options, Checks checks) {
        String manifestName = dir.resolve("manifest.json").toString();
        for (Map.Entry<String, JsonNode> f : manifest.get("files").properties()) {
            SynthSpec spec = specOf(f.getValue(), manifest.get("exceptions"), manifestName);
            Path file = dir.resolve(f.getKey()).normalize();
            if (!file.startsWith(dir.normalize())) throw new BadInputException(manifestName, "file " + f.getKey() + " is outside the fixture folder");
            checks.note(f.getKey() + ": g=" + Long.toUnsignedString(spec.seed()) + " GAIN=" + spec.gain());
            try (Safetensors st = Safetensors.open(file)) {
                for (Map.Entry<String, JsonNode> t : f.getValue().get("tensors").properties()) {
                    String name = t.getKey();
                    StoredTensor ref = st.get(name);
                    if (ref == null) {
                        checks.line(f.getKey(), name, "missing from the file", false);
                        continue;
                    }
                    compare(f.getKey(), ref, spec, checks);
                }
            }
        }
    }

    /** The file's g and GAIN plus exceptions from the file entry and the manifest's top level. */
    private static SynthSpec specOf(JsonNode fileEntry, JsonNode topExceptions, String subject) {
        SynthSpec own = SynthSpec.fromJson(fileEntry, subject);
        if (topExceptions == null || !topExceptions.isArray() || topExceptions.isEmpty()) return own;
        SynthSpec top = SynthSpec.fromJson(Json.MAPPER.createObjectNode().set("exceptions", topExceptions), subject);
        Map<String, Double> gains = new HashMap<>(top.gainFor());
        gains.putAll(own.gainFor());
        return new SynthSpec(own.seed(), own.gain(), gains);
    }

    private static void compare(String fileName, StoredTensor ref, SynthSpec spec, Checks checks) {
        if (ref.dtype() != org.mast3r.weights.DType.F32) {
            checks.line(fileName, ref.name(), "dtype " + ref.dtype() + " (synth-v1 is float32)", false);
            return;
        }
        long n = ref.elementCount(), differ = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment got = arena.allocate(Math.max(4, n * 4), 64);
            SynthV1.fill(ref.name(), ref.shape(), spec, got);
            for (long i = 0; i < n; i++) {
                int want = Float.floatToRawIntBits(ref.bytes().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i));
                if (want != Float.floatToRawIntBits(got.getAtIndex(ValueLayout.JAVA_FLOAT, i))) differ++;
            }
        }
        checks.line(fileName, ref.name(), differ == 0 ? "bit-exact (" + n + " values)" : differ + " of " + n + " values differ", differ == 0);
    }
}
