package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;

/** Zips built here with java.util.zip around hand-written pickles: what loads, and what stops with one named refusal. */
class PthCraftedTest {
    @TempDir Path tmp;

    /** float32 0, 1, ..., n-1, little-endian. */
    private static byte[] iota(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putFloat(i);
        return b.array();
    }

    /** {'model': OrderedDict{name: tensor}} for one float tensor of storage '0'. */
    private static byte[] stateDict(String name, long numel, long offset, long[] size, long[] stride) {
        return new PickleBytes().proto().op('}').mark().str("model")
                .global("collections", "OrderedDict").op(')').op('R')
                .str(name).tensor("FloatStorage", "0", numel, offset, size, stride).op('s')
                .str("epoch").integer(3).op('u').stop();
    }

    private Path pth(String file, byte[] pickle, byte[] storage) throws IOException {
        return new PthZip("some-name.v2", pickle).storage("0", storage).write(tmp.resolve(file));
    }

    private static String refusal(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> PthReader.open(file, null).tensors().close());
        assertEquals(file.toString(), e.subject());
        assertTrue(!e.problem().contains("\n"), e.problem());
        return e.problem();
    }

    private static float[] floats(Path file, String name) {
        try (Safetensors st = PthReader.open(file, tinyConfig()).tensors()) {
            return st.require(name).toFloats();
        }
    }

    static ModelConfig tinyConfig() {
        return ModelConfig.fromJson(FixtureJson.read("dust3r-linear-tiny", "config.json"), "config.json");
    }

    @Test
    void contiguousStoredTensorIsAViewAndTheTopFolderComesFromTheZip() throws IOException {
        Path f = pth("a.pth", stateDict("w", 6, 0, new long[] {2, 3}, new long[] {3, 1}), iota(6));
        try (Safetensors st = PthReader.open(f, tinyConfig()).tensors()) {
            StoredTensor t = st.require("w");
            assertArrayEquals(new long[] {2, 3}, t.shape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.toFloats());
        }
    }

    @Test
    void offsetsAndStridesAreHonouredAndNonContiguousIsCopiedOnce() throws IOException {
        // a [3, 2] transpose of a [2, 3] storage starting at element 2: storage 2..7
        Path f = pth("t.pth", stateDict("w", 8, 2, new long[] {3, 2}, new long[] {1, 3}), iota(8));
        assertArrayEquals(new float[] {2, 5, 3, 6, 4, 7}, floats(f, "w"));
        Path g = pth("o.pth", stateDict("w", 8, 5, new long[] {3}, new long[] {1}), iota(8));
        assertArrayEquals(new float[] {5, 6, 7}, floats(g, "w"));
    }

    @Test
    void deflatedEntriesAreInflatedOnce() throws IOException {
        Path f = new PthZip("archive", stateDict("w", 6, 0, new long[] {6}, new long[] {1})).storage("0", iota(6)).deflated().write(tmp.resolve("d.pth"));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, floats(f, "w"));
    }

    @Test
    void forbiddenGlobalsStopTheLoadNamingTheFileAndTheGlobal() throws IOException {
        for (String[] g : new String[][] {{"os", "system"}, {"builtins", "eval"}, {"posix", "system"}, {"nt", "system"}}) {
            byte[] p = new PickleBytes().proto().global(g[0], g[1]).str("touch /tmp/pwned").op(0x85).op('R').stop();
            String problem = refusal(pth(g[1] + g[0] + ".pth", p, iota(1)));
            assertTrue(problem.startsWith("refused pickle global " + g[0] + "." + g[1]), problem);
        }
    }

    @Test
    void unknownOpcodeStopsTheLoad() throws IOException {
        byte[] p = new PickleBytes().proto().op('}').op(0x82).op(1).stop(); // EXT1: a global by extension registry code
        assertEquals("unsupported pickle opcode 0x82 at byte 3", refusal(pth("op.pth", p, iota(1))));
    }

    @Test
    void truncatedZipsAreRefused() throws IOException {
        Path good = pth("good.pth", stateDict("w", 6, 0, new long[] {6}, new long[] {1}), iota(6));
        byte[] all = Files.readAllBytes(good);
        for (int cut : new int[] {all.length - 10, all.length / 2, 40, 3}) {
            Path f = tmp.resolve("cut" + cut + ".pth");
            Files.write(f, Arrays.copyOf(all, cut));
            String problem = refusal(f);
            assertTrue(problem.contains("truncated") || problem.contains("not a PyTorch zip"), problem);
        }
    }

    @Test
    void wrongStorageSizesAreRefused() throws IOException {
        assertEquals("storage 0 declares 100 F32 elements but data/0 holds only 24 bytes",
                refusal(pth("small.pth", stateDict("w", 100, 0, new long[] {100}, new long[] {1}), iota(6))));
        assertEquals("tensor of size [4, 3] at offset 0 runs past storage 0 (6 elements)",
                refusal(pth("view.pth", stateDict("w", 6, 0, new long[] {4, 3}, new long[] {3, 1}), iota(6))));
        assertEquals("tensor of size [6] at offset 1 runs past storage 0 (6 elements)",
                refusal(pth("off.pth", stateDict("w", 6, 1, new long[] {6}, new long[] {1}), iota(6))));
    }

    @Test
    void hugeDeclaredSizesAreRefusedBeforeAllocation() throws IOException {
        assertEquals("storage 0 declares 4611686018427387904 F32 elements but data/0 holds only 24 bytes",
                refusal(pth("huge.pth", stateDict("w", 1L << 62, 0, new long[] {1L << 62}, new long[] {1}), iota(6))));
        assertEquals("tensor of size [4294967296, 4294967296, 4294967296] overflows 64-bit indexing",
                refusal(pth("ovf.pth", stateDict("w", 6, 0, new long[] {1L << 32, 1L << 32, 1L << 32}, new long[] {0, 0, 0}), iota(6))));
    }

    /** Rewrites the central directory's uncompressed (and for stored entries, compressed) size of data/0. */
    private Path withDeclaredSize(Path f, long size, boolean both) throws IOException {
        byte[] b = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 46 < b.length; at++) {
            if (bb.getInt(at) != 0x02014b50) continue;
            int nameLen = bb.getShort(at + 28);
            if (!new String(b, at + 46, nameLen).endsWith("data/0")) continue;
            bb.putInt(at + 24, (int) size);
            if (both) bb.putInt(at + 20, (int) size);
        }
        Path out = tmp.resolve("sized-" + f.getFileName());
        Files.write(out, b);
        return out;
    }

    @Test
    void zipEntriesDeclaringMoreThanTheyHoldAreRefusedBeforeAllocation() throws IOException {
        Path deflated = new PthZip("z", stateDict("w", 6, 0, new long[] {6}, new long[] {1})).storage("0", iota(6)).deflated().write(tmp.resolve("z.pth"));
        String bomb = refusal(withDeclaredSize(deflated, 0xfffffff0L, false));
        assertTrue(bomb.endsWith("impossible for deflate"), bomb);
        Path stored = pth("s.pth", stateDict("w", 6, 0, new long[] {6}, new long[] {1}), iota(6));
        assertEquals("z/data/0: data runs past the end of the file (truncated?)".replace("z/", "some-name.v2/"),
                refusal(withDeclaredSize(stored, 0xfffffff0L, true)));
    }

    @Test
    void legacyPicklesAskForAResave() throws IOException {
        Path f = tmp.resolve("old.pth");
        Files.write(f, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'});
        assertTrue(refusal(f).contains("re-save it with a current PyTorch"));
    }

    @Test
    void checkpointOpenNamesTheFileOnAFullLayoutMismatch() throws IOException {
        // A valid pickle whose args.model names the tiny model, but holding one tensor: the layout check names what is missing.
        byte[] p = new PickleBytes().proto().op('}').mark().str("model")
                .global("collections", "OrderedDict").op(')').op('R')
                .str("mask_token").tensor("FloatStorage", "0", 64, 0, new long[] {1, 1, 64}, new long[] {64, 64, 1}).op('s')
                .str("args").global("argparse", "Namespace").op(')').op(0x81).op('}').str("model")
                .str(FixtureJson.read("pth", "manifest.json").get("files").get("dust3r-linear-tiny.f16.pth").get("args_model").asText())
                .op('s').op('b').op('u').stop();
        Path f = pth("one.pth", p, iota(64));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.open(f, null).close());
        assertEquals(f.toString(), e.subject());
        assertTrue(e.problem().startsWith("missing tensor patch_embed.proj.weight"), e.problem());
        try (Safetensors st = PthReader.open(f, null).tensors()) {
            assertEquals(63f, st.require("mask_token").bytes().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 63));
        }
    }
}
