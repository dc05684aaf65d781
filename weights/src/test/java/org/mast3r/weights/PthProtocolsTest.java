package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;

/**
 * Every pickle protocol torch.save can write: Python's own pickles of a torch-shaped checkpoint
 * (resources/pickles/torch_like.py) and ones composed here, read back to the same tensor and arguments;
 * protocol 0 is refused by name.
 */
class PthProtocolsTest {
    @TempDir Path tmp;

    private static byte[] resource(String name) {
        try (InputStream in = PthProtocolsTest.class.getResourceAsStream("/pickles/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Py.Dict load(byte[] pickle) {
        return (Py.Dict) PickleReader.load("t.pkl", MemorySegment.ofArray(pickle), new TorchPickle("t.pkl", k -> 24));
    }

    private static byte[] iota6() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) b.putFloat(i);
        return b.array();
    }

    /** The tensor [2, 3] of storage '0' and the arguments every checkpoint here holds. */
    private static void assertTorchLike(Py.Dict root, String what) {
        Py.Tensor w = (Py.Tensor) ((Py.Dict) root.get("model")).get("w");
        assertEquals(new Py.Storage(DType.F32, "0", 6), w.storage(), what);
        assertArrayEquals(new long[] {2, 3}, w.size(), what);
        assertArrayEquals(new long[] {3, 1}, w.stride(), what);
        Py.Instance args = assertInstanceOf(Py.Instance.class, root.get("args"), what);
        assertEquals("argparse.Namespace", args.type().toString(), what);
        assertEquals("X", args.attrs().get("model"), what);
        assertEquals(false, args.attrs().get("amp"), what);
        assertEquals(3L, root.get("epoch"), what);
    }

    @Test
    void pythonsPicklesAtProtocolsOneToFiveLoad() throws IOException {
        for (int p = 1; p <= 5; p++) {
            byte[] pickle = resource("torch_like.p" + p + ".pkl");
            assertTorchLike(load(pickle), "protocol " + p);
            Path f = new PthZip("torch_like", pickle).storage("0", iota6()).write(tmp.resolve("p" + p + ".pth"));
            try (Safetensors st = PthReader.open(f, PthCraftedTest.tinyConfig()).tensors()) {
                assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, st.require("w").toFloats(), "protocol " + p);
            }
        }
    }

    @Test
    void composedPicklesAtProtocolsOneToFiveLoad() {
        for (int p = 1; p <= 5; p++) {
            byte[] pickle = new PickleBytes(p).proto().op('}').mark().str("model")
                    .global("collections", "OrderedDict").op(')').op('R')
                    .str("w").tensor("FloatStorage", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1}).op('s')
                    .str("args").namespace().op('}').mark().str("model").str("X").str("amp").bool(false).op('u').op('b')
                    .str("epoch").integer(3).str("seen").integer(-(1L << 40)).op('u').stop();
            Py.Dict root = load(pickle);
            assertTorchLike(root, "protocol " + p);
            assertEquals(-(1L << 40), root.get("seen"), "protocol " + p); // LONG text at protocol 1, LONG1 after
        }
    }

    @Test
    void protocolZeroIsRefusedNamingIt() throws IOException {
        Path f = new PthZip("p0", resource("torch_like.p0.pkl")).storage("0", iota6()).write(tmp.resolve("p0.pth"));
        BadInputException e = assertThrows(BadInputException.class, () -> PthReader.open(f, null));
        assertEquals(f.toString(), e.subject());
        assertEquals("pickle is protocol 0 (text opcode PUT at byte 2), which is not read: torch.load cannot rebuild its tensors either; "
                + "re-save with torch.save(obj, f, pickle_protocol=2)", e.problem());
    }

    @Test
    void unknownProtocolsAndOutOfBandBuffersAreRefused() {
        assertEquals("pickle protocol 6 is unknown (0 to 5 exist)", refusal(new byte[] {(byte) 0x80, 6, 'N', '.'}));
        assertEquals("pickle uses an out-of-band buffer (NEXT_BUFFER at byte 2), which only pickle.loads(buffers=...) can supply, never a file",
                refusal(new PickleBytes(5).op(0x80).op(5).op(0x97).op(0x98).stop()));
        assertEquals("pickle frame of 1000 bytes runs past its end at byte 13", refusal(new PickleBytes(4).op(0x80).op(4).op(0x95).le(1000, 8).op('N').stop()));
    }

    private static String refusal(byte[] pickle) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> PickleReader.load("t.pkl", MemorySegment.ofArray(pickle), new TorchPickle("t.pkl", k -> -1)));
        return e.problem();
    }

    @Test
    void setsBytesAndStackOpcodes() {
        // [ {1, 2, 3} by EMPTY_SET + ADDITEMS, frozenset((4,)) by FROZENSET, __builtin__.set([5]) by REDUCE ]
        byte[] sets = new PickleBytes(4).proto().op(']').mark()
                .op(0x8f).mark().integer(1).integer(2).integer(3).op(0x90)
                .mark().integer(4).op(0x91)
                .global("builtins", "set").op(']').integer(5).op('a').op(0x85).op('R')
                .op('e').stop();
        List<?> l = (List<?>) PickleReader.load("t", MemorySegment.ofArray(sets), new TorchPickle("t", k -> -1));
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(4L), List.of(5L)), l);
        for (Object s : l) assertEquals("set", Py.typeName(s));
        assertEquals("ADDITEMS to a list", refusal(new PickleBytes(4).proto().op(']').mark().integer(1).op(0x90).stop()));

        // bytes of every width, and POP / POP_MARK / DUP / LONG4 / text INT
        byte[] misc = new PickleBytes(5).proto().mark()
                .op('C').op(1).op('a').op('B').le(1, 4).op('b').op(0x8e).le(1, 8).op('c').op(0x96).le(1, 8).op('d')
                .integer(9).op('0')                 // POP drops the 9
                .mark().integer(7).op('1')          // POP_MARK drops (7
                .integer(8).op('2')                 // DUP: 8, 8
                .op(0x8b).le(2, 4).le(0xff7f, 2)    // LONG4 of 2 bytes 7f ff: two's complement -129
                .raw("I-12\n".getBytes()).raw("L99L\n".getBytes())
                .op('t').stop();
        List<Object> t = ((Py.Tuple) PickleReader.load("t", MemorySegment.ofArray(misc), new TorchPickle("t", k -> -1))).items();
        assertEquals(9, t.size());
        for (int i = 0; i < 4; i++) assertArrayEquals(new byte[] {(byte) ('a' + i)}, (byte[]) t.get(i));
        assertEquals(Arrays.asList(8L, 8L, -129L, -12L, 99L), t.subList(4, 9));
    }
}
