package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.weights.PthReader;
import org.mast3r.weights.Safetensors;

/** .pth files through the command line: inspect, validate --weights, convert, and one-line refusals. */
class PthCliTest {
    @TempDir Path tmp;

    static Path pth(String file) {
        return Fixtures.dir("pth").resolve(file);
    }

    @Test
    void validateAcceptsTheF16Pth() {
        CliRun r = CliRun.of("validate", Fixtures.dir("dust3r-linear-tiny").toString(), "--weights", pth("dust3r-linear-tiny.f16.pth").toString(), "--threads", "2");
        System.out.println(r.out());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("dust3r-linear-tiny.f16.pth (F16)"), r.out());
    }

    @Test
    void inspectReadsThePthAndItsArgsModel() {
        CliRun r = CliRun.of("inspect", pth("dust3r-mini.bf16.pth").toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("model:      AsymmetricCroCo3DStereo"), r.out());
        assertTrue(r.out().contains("tensors:    73 (0 aliases in __metadata__)"), r.out());
        assertTrue(r.out().contains("parameters: 59,616"), r.out());
        assertTrue(r.out().contains("dtype:      BF16 73 tensors"), r.out());
    }

    @Test
    void aForbiddenGlobalIsOneLineAndExitTwo() throws IOException {
        byte[] pickle = "\u0080\u0002cos\nsystem\nX\u0004\u0000\u0000\u0000true\u0085R.".getBytes(StandardCharsets.ISO_8859_1);
        Path f = tmp.resolve("evil.pth");
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("evil/data.pkl"));
            z.write(pickle);
            z.closeEntry();
        }
        for (String cmd : new String[] {"inspect", "convert"}) {
            CliRun r = cmd.equals("inspect") ? CliRun.of("inspect", f.toString()) : CliRun.of("convert", f.toString(), "--out", tmp.resolve("o").toString());
            assertEquals(Main.BAD_INPUT, r.code());
            assertEquals("mast3r: " + f + ": refused pickle global os.system (not on the allow-list of tensor, container and argparse types)"
                    + System.lineSeparator(), r.err());
        }
        CliRun v = CliRun.of("validate", Fixtures.dir("dust3r-linear-tiny").toString(), "--weights", f.toString());
        assertEquals(Main.BAD_INPUT, v.code());
        assertTrue(v.err().startsWith("mast3r: " + f + ": refused pickle global os.system"), v.err());
        assertEquals(1, v.err().lines().count(), v.err());
    }

    @Test
    void convertKeepsEveryBitAndWritesTheFullConfig() throws IOException {
        Path out = tmp.resolve("mini");
        CliRun r = CliRun.of("convert", pth("dust3r-mini.pth").toString(), "--out", out.toString(), "--dtype", "f32", "--threads", "2");
        assertEquals(Main.OK, r.code(), r.err());
        String expected = Fixtures.dir("pth").resolve("manifest.json").toString();
        assertEquals(Json.read(Path.of(expected)).get("files").get("dust3r-mini.pth").get("expected_config"), Json.read(out.resolve("config.json")));
        try (Safetensors src = PthReader.open(pth("dust3r-mini.pth"), null).tensors(); Safetensors dst = Safetensors.open(out.resolve("model.safetensors"))) {
            assertEquals(src.names().size(), dst.names().size());
            for (String n : src.names()) {
                assertArrayEquals(src.get(n).bytes().toArray(ValueLayout.JAVA_BYTE), dst.require(n).bytes().toArray(ValueLayout.JAVA_BYTE), n);
            }
            assertEquals("pt", dst.metadata().get("format"));
        }
        CliRun again = CliRun.of("convert", pth("dust3r-mini.pth").toString(), "--out", out.toString());
        assertEquals(Main.BAD_INPUT, again.code());
        assertEquals("mast3r: " + out + ": exists and is not empty (use --force to write into it)" + System.lineSeparator(), again.err());
        assertEquals(Main.OK, CliRun.of("convert", pth("dust3r-mini.pth").toString(), "--out", out.toString(), "--force").code());
    }

    @Test
    void aConvertedF16PthValidatesToTheSameOutputs() {
        Path out = tmp.resolve("tiny16");
        CliRun r = CliRun.of("convert", pth("dust3r-linear-tiny.f16.pth").toString(), "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        CliRun v = CliRun.of("validate", Fixtures.dir("dust3r-linear-tiny").toString(), "--weights", out.toString(), "--threads", "2");
        assertEquals(Main.OK, v.code(), v.out() + v.err());
        try (Safetensors a = Safetensors.open(out.resolve("model.safetensors"));
             Safetensors b = Safetensors.open(Fixtures.dir("dust3r-linear-tiny").resolve("model-f16.safetensors"))) {
            for (String n : b.names()) assertArrayEquals(b.get(n).bytes().toArray(ValueLayout.JAVA_BYTE), a.require(n).bytes().toArray(ValueLayout.JAVA_BYTE), n);
        }
    }

    @Test
    void narrowingRoundsToNearestEvenAgainstAScalarReference() {
        for (String dt : new String[] {"f16", "bf16"}) {
            Path out = tmp.resolve(dt);
            assertEquals(Main.OK, CliRun.of("convert", pth("dust3r-mini.pth").toString(), "--out", out.toString(), "--dtype", dt).code());
            try (Safetensors src = PthReader.open(pth("dust3r-mini.pth"), null).tensors(); Safetensors dst = Safetensors.open(out.resolve("model.safetensors"))) {
                for (String n : src.names()) {
                    float[] x = src.get(n).toFloats(), y = dst.require(n).toFloats();
                    assertEquals(dt.equals("f16") ? "F16" : "BF16", dst.require(n).dtype().name());
                    for (int i = 0; i < x.length; i++) assertEquals(RoundingReference.round(x[i], dt.equals("f16") ? 10 : 7), y[i], n + "[" + i + "]");
                }
            }
        }
    }
}
