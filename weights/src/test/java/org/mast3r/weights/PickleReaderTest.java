package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mast3r.common.BadInputException;

/** The pickle VM alone: plain values, the allow-list, and refusals naming the global or opcode. */
class PickleReaderTest {
    private static Object load(byte[] pickle) {
        return PickleReader.load("t.pkl", MemorySegment.ofArray(pickle), new TorchPickle("t.pkl", k -> -1));
    }

    private static String refusal(byte[] pickle) {
        BadInputException e = assertThrows(BadInputException.class, () -> load(pickle));
        assertEquals("t.pkl", e.subject());
        return e.problem();
    }

    @Test
    void plainValues() {
        // {'a': [1, -2, 70000, 2**40, 1.5, None, True], 'b': ('x',)} with a memo round trip
        byte[] p = new PickleBytes().proto().op('}').op('q').op(0).mark()
                .str("a").op(']').mark().integer(1).integer(-2).integer(70000).integer(1L << 40)
                .op('G').op(0x3f).op(0xf8).op(0).op(0).op(0).op(0).op(0).op(0)
                .op('N').op(0x88).op('e')
                .str("b").str("x").op(0x85).op('u').stop();
        Py.Dict d = (Py.Dict) load(p);
        assertEquals(java.util.Arrays.asList(1L, -2L, 70000L, 1L << 40, 1.5, null, true), d.get("a"));
        assertEquals(new Py.Tuple(List.of("x")), d.get("b"));
    }

    @Test
    void namespaceAndOrderedDictWithMetadata() {
        byte[] p = new PickleBytes().proto().global("argparse", "Namespace").op(')').op(0x81)
                .op('}').mark().str("model").str("X(a=1)").op('u').op('b').stop();
        Py.Instance ns = (Py.Instance) load(p);
        assertEquals("X(a=1)", ns.attrs().get("model"));
        byte[] q = new PickleBytes().proto().global("collections", "OrderedDict").op(')').op('R')
                .op('}').str("_metadata").op('}').op('s').op('b').stop();
        assertTrue(((Py.Dict) load(q)).attrs.containsKey("_metadata"));
    }

    @Test
    void forbiddenGlobalsAreRefusedByName() {
        for (String[] g : new String[][] {{"os", "system"}, {"builtins", "eval"}, {"posix", "system"}, {"__builtin__", "exec"},
                {"torch", "load"}, {"collections", "defaultdict"}, {"subprocess", "Popen"}}) {
            byte[] p = new PickleBytes().proto().global(g[0], g[1]).str("echo pwned").op(0x85).op('R').stop();
            assertEquals("refused pickle global " + g[0] + "." + g[1] + " (not on the allow-list of tensor, container and argparse types)", refusal(p));
        }
    }

    @Test
    void aRefusedGlobalIsNamedWhicheverOpcodeNamesIt() {
        String osSystem = "refused pickle global os.system (not on the allow-list of tensor, container and argparse types)";
        for (int protocol = 1; protocol <= 5; protocol++) { // GLOBAL below 4, STACK_GLOBAL from 4
            assertEquals(osSystem, refusal(new PickleBytes(protocol).proto().global("os", "system").str("id").op(0x85).op('R').stop()), "protocol " + protocol);
        }
        byte[] inst = new PickleBytes().proto().mark().str("id").op('i').raw("os\nsystem\n".getBytes(StandardCharsets.US_ASCII)).stop();
        assertEquals(osSystem, refusal(inst));
        byte[] obj = new PickleBytes(4).proto().mark().global("os", "system").str("id").op('o').stop();
        assertEquals(osSystem, refusal(obj));
        byte[] eval = new PickleBytes(4).proto().str("builtins").str("eval").op(0x93).stop();
        assertEquals("refused pickle global builtins.eval (not on the allow-list of tensor, container and argparse types)", refusal(eval));
        assertEquals("STACK_GLOBAL names a int, expected a str", refusal(new PickleBytes(4).proto().integer(1).str("eval").op(0x93).stop()));
    }

    @Test
    void opcodesNoTorchPickleNeedsAreRefused() {
        assertEquals("unsupported pickle opcode 0x82 at byte 2", refusal(new PickleBytes().proto().op(0x82).op(1).stop())); // EXT1
        assertEquals("unsupported pickle opcode 0x54 at byte 2", refusal(new PickleBytes().proto().op('T').le(1, 4).op('x').stop())); // BINSTRING (Python 2 str)
        assertEquals("unsupported pickle opcode 0x70 at byte 3", refusal(new PickleBytes().proto().op('N').raw("p0\n".getBytes(StandardCharsets.US_ASCII)).stop())); // PUT after PROTO 2
        assertEquals("NEWOBJ_EX with keyword arguments is not supported", refusal(new PickleBytes(4).proto().global("argparse", "Namespace").op(')')
                .op('}').str("model").str("x").op('s').op(0x92).stop()));
    }

    @Test
    void malformedPicklesAreRefused() {
        assertTrue(refusal(new PickleBytes().proto().str("abc").toBytesWithoutStop()).startsWith("pickle is truncated"));
        assertTrue(refusal(new PickleBytes().proto().op('h').op(7).stop()).contains("memo 7"));
        assertTrue(refusal(new PickleBytes().proto().op('s').stop()).contains("underflow"));
        assertTrue(refusal(new PickleBytes().proto().op('t').stop()).contains("mark"));
        // BINUNICODE declaring 4 GiB in a tiny pickle: refused by its budget before any allocation; a length within budget but past the end is truncated
        assertEquals("pickle string of 4294967295 bytes exceeds its budget of 1048576 bytes in one string (1048576 + 1 per 16 bytes of a 8-byte pickle)",
                refusal(new PickleBytes().proto().op('X').le(0xffffffffL, 4).stop()));
        assertEquals("pickle is truncated at byte 7", refusal(new PickleBytes().proto().op('X').le(1000, 4).stop()));
        // calling a non-callable, and calling a storage type
        assertTrue(refusal(new PickleBytes().proto().str("x").op(')').op('R').stop()).contains("not a callable global"));
        assertTrue(refusal(new PickleBytes().proto().global("torch", "FloatStorage").op(')').op('R').stop()).contains("refused to call torch.FloatStorage"));
    }
}
