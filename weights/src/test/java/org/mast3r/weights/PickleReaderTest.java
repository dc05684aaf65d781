package org.mast3r.weights;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mast3r.common.BadInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void unknownOpcodesAreRefused() {
        assertEquals("unsupported pickle opcode 0x93 at byte 2", refusal(new PickleBytes().proto().op(0x93).stop())); // STACK_GLOBAL
        assertEquals("unsupported pickle opcode 0x69 at byte 2", refusal(new PickleBytes().proto().op('i').stop())); // INST
        assertEquals("unsupported pickle opcode 0x6f at byte 2", refusal(new PickleBytes().proto().op('o').stop())); // OBJ
    }

    @Test
    void malformedPicklesAreRefused() {
        assertTrue(refusal(new PickleBytes().proto().str("abc").toBytesWithoutStop()).startsWith("pickle is truncated"));
        assertTrue(refusal(new PickleBytes().proto().op('h').op(7).stop()).contains("memo 7"));
        assertTrue(refusal(new PickleBytes().proto().op('s').stop()).contains("underflow"));
        assertTrue(refusal(new PickleBytes().proto().op('t').stop()).contains("mark"));
        // BINUNICODE declaring 4 GiB in a tiny pickle: refused before any allocation
        assertTrue(refusal(new PickleBytes().proto().op('X').op(0xff).op(0xff).op(0xff).op(0xff).stop()).startsWith("pickle is truncated"));
        // calling a non-callable, and calling a storage type
        assertTrue(refusal(new PickleBytes().proto().str("x").op(')').op('R').stop()).contains("not a callable global"));
        assertTrue(refusal(new PickleBytes().proto().global("torch", "FloatStorage").op(')').op('R').stop()).contains("refused to call torch.FloatStorage"));
    }
}
