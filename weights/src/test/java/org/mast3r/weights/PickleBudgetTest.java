package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.mast3r.common.BadInputException;

/** Each budget of the pickle VM holds exactly at its edge: one unit under it loads, one over is refused by name. */
class PickleBudgetTest {
    private static Object load(byte[] pickle) {
        return PickleReader.load("t.pkl", MemorySegment.ofArray(pickle), new TorchPickle("t.pkl", k -> -1));
    }

    private static String refusal(byte[] pickle) {
        return assertThrows(BadInputException.class, () -> load(pickle)).problem();
    }

    /**
     * The smallest k whose pickle uses more of {@code limit} than it allows, when the pickle of k uses
     * {@code used(k)} units and is {@code bytes(k)} long: k - 1 must load and k be refused with {@code message}.
     */
    private static void edge(PickleBudget.Limit limit, IntFunction<byte[]> pickle, IntFunction<Long> used) {
        long base = pickle.apply(0).length, step = pickle.apply(1).length - base; // each pickle here grows by a fixed step per k
        int k = 1;
        while (used.apply(k) <= limit.of(base + step * k)) k++;
        load(pickle.apply(k - 1));
        long n = pickle.apply(k).length;
        assertEquals("pickle exceeds its budget of " + limit.of(n) + " " + limit.what() + " (" + limit.rule(n) + ")", refusal(pickle.apply(k)));
    }

    @Test
    void memoEntries() {
        edge(PickleBudget.MEMO, k -> new PickleBytes().op(']').repeat(k, 0x94).stop(), k -> (long) k);
    }

    @Test
    void valuesPushed() {
        // ( None DUP*k POP_MARK None: k + 3 pushes (the mark is one) in k + 5 bytes
        edge(PickleBudget.VALUES, k -> new PickleBytes().op('(').op('N').repeat(k, '2').op('1').op('N').stop(), k -> k + 3L);
    }

    @Test
    void containersMade() {
        edge(PickleBudget.CONTAINERS, k -> new PickleBytes().op('(').repeat(k, ']').op('1').op('N').stop(), k -> (long) k);
    }

    @Test
    void itemsStoredCountCopiesToo() {
        // one list of 1000 Nones, then k copies by builtins.set((list,)), each dropped by POP: 1000 + 1001 k items
        edge(PickleBudget.ITEMS, k -> new PickleBytes().global("builtins", "set").op('q').op(1).op('0')
                .op(']').op('(').repeat(1000, 'N').op('e').op('q').op(0).op('0')
                .repeat(k, 'h', 1, 'h', 0, 0x85, 'R', '0').op('N').stop(), k -> 1000 + 1001L * k);
    }

    @Test
    void oneContainersLength() {
        // a list grown by APPENDS batches of 1000, as the pickler writes lists: refused at the first batch past the budget
        edge(PickleBudget.LENGTH, k -> new PickleBytes().op(']').repeat(k, batch()).stop(), k -> 1000L * k);
    }

    private static int[] batch() {
        int[] b = new int[1002];
        b[0] = '(';
        java.util.Arrays.fill(b, 1, 1001, 'N');
        b[1001] = 'e';
        return b;
    }

    @Test
    void oneStringsBytes() {
        long n = PickleBudget.STRING.of(7 + (1 << 20) + 70_000);
        int fits = (int) PickleBudget.STRING.of(7 + n);
        byte[] ok = new PickleBytes().op('X').le(fits, 4).repeat(fits, 'a').stop();
        assertEquals(fits, ((String) load(ok)).length());
        byte[] over = new PickleBytes().op('X').le(fits + 2, 4).repeat(fits + 2, 'a').stop();
        assertEquals("pickle string of " + (fits + 2) + " bytes exceeds its budget of " + PickleBudget.STRING.of(over.length)
                + " bytes in one string (" + PickleBudget.STRING.rule(over.length) + ")", refusal(over));
    }

    @Test
    void estimatedHeapStaysUnderItsLimit() {
        // a 1 GiB pickle allows 134M containers, but 3 MiB of estimated heap holds only 3 MiB / 128 bytes of them
        PickleBudget b = new PickleBudget("t.pkl", 1L << 30, 3L << 20);
        long fit = (3L << 20) / PickleBudget.CONTAINER_HEAP;
        for (long i = 0; i < fit; i++) b.container();
        BadInputException e = assertThrows(BadInputException.class, b::container);
        assertEquals("pickle needs more than its heap budget of 3 MiB (a quarter of this JVM's -Xmx; estimated from what it built so far)", e.problem());
    }

    @Test
    void nestingDepth() {
        load(new PickleBytes().op('N').repeat(100, 0x85).stop());
        assertEquals("pickle exceeds its budget of 100 levels of nesting (fixed)", refusal(new PickleBytes().op('N').repeat(101, 0x85).stop()));
        // depth reached through an already measured container counts too: a 60-deep tuple t, then [[...[t]...]] 41 lists deep around it
        byte[] shared = new PickleBytes().op('(').op('N').repeat(60, 0x85).op('q').op(0)
                .repeat(41, ']').op('h').op(0).op('a').repeat(40, 'a').op('t').stop();
        assertEquals("pickle exceeds its budget of 100 levels of nesting (fixed)", refusal(shared));
    }

    @Test
    void sharedReferencesAreCountedPerPathButWalkedOnce() {
        // level j = (level j-1, level j-1) by DUP + TUPLE2 reaches 2^(j+1) - 2 items: 65534 at 15 levels fits 65536 + n, 16 levels do not
        load(new PickleBytes().op('N').repeat(15, '2', 0x86).stop());
        assertEquals("pickle value reaches more than its budget of 65570 container items through shared references (65536 + 1 per byte of a 34-byte pickle)",
                refusal(new PickleBytes().op('N').repeat(16, '2', 0x86).stop()));
    }

    @Test
    void valuesContainingThemselvesAreRefused() {
        assertEquals("pickle value contains itself (a value of type list is inside its own items)",
                refusal(new PickleBytes().op(']').op('q').op(0).op('h').op(0).op('a').stop()));
        assertEquals("pickle value contains itself (a value of type dict is inside its own items)", // through a value
                refusal(new PickleBytes().op('}').op('q').op(0).str("me").op('h').op(0).op('s').stop()));
        assertEquals("pickle value contains itself (a value of type argparse.Namespace is inside its own items)", // through BUILD attributes
                refusal(new PickleBytes().global("argparse", "Namespace").op(')').op(0x81).op('q').op(0)
                        .op('}').str("me").op('h').op(0).op('s').op('b').stop()));
    }

    @Test
    void onlyScalarDictKeys() {
        assertEquals("dict key is a tuple (checkpoint keys are str, int, float, bool or None)",
                refusal(new PickleBytes().op('}').op('N').op(0x85).op('N').op('s').stop()));
        assertEquals("dict key is a bytes (checkpoint keys are str, int, float, bool or None)",
                refusal(new PickleBytes().op('}').op('C').op(1).op('k').op('N').op('s').stop()));
    }
}
