package org.mast3r.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mast3r.common.BadInputException;

/**
 * Checkpoints whose pickle tries to exhaust memory, time or the stack. Each is a valid checkpoint
 * ({'model': {'w': tensor}}) with the hostile value stored under 'junk', so a reader that
 * swallowed the value would go on to load the tensor. {@link #main} writes them as .pth files for
 * measuring the CLI (notes/hostile-pickles.md).
 */
final class HostilePickles {
    private HostilePickles() {}

    /** A hostile value and the refusal it must end in. */
    record Case(String what, PickleBytes junk, String refusal) {}

    static final int MiB = 1 << 20;

    static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("set-copies", new Case("100k copies of one 100k-item list through __builtin__.set",
                new PickleBytes().op('(').global("__builtin__", "set").op('q').op(2)
                        .op(']').op('(').repeat(100_000, 'N').op('e').op('q').op(1)
                        .op(']').repeat(100_000, 'h', 2, 'h', 1, 0x85, 'R', 'a').op('t'),
                "pickle exceeds its budget of 865745 container items (65536 + 1 per byte of a 800209-byte pickle)"));
        c.put("memo-laughs", new Case("a list of 40 levels, each a tuple of 10 memo references to the level below (10^40 nominal items)",
                memoLaughs(40, 10),
                "pickle value reaches more than its budget of 66723 container items through shared references (65536 + 1 per byte of a 1187-byte pickle)"));
        c.put("dup-laughs", new Case("90 levels of (x, x) by DUP + TUPLE2 (2^90 nominal items)",
                new PickleBytes().op('N').repeat(90, '2', 0x86),
                "pickle value reaches more than its budget of 65899 container items through shared references (65536 + 1 per byte of a 363-byte pickle)"));
        c.put("laughs-key", new Case("a dict key of 60 levels of (x, x) by memo (hashing walks 2^60 nodes)",
                new PickleBytes().op('(').op(']').op('N').op('q').op(0).op('a').repeat(60, 'h', 0, 'h', 0, 0x86, 'q', 0, 'a')
                        .op('}').op('h').op(0).op('N').op('s').op('t'),
                "dict key is a tuple (checkpoint keys are str, int, float, bool or None)"));
        c.put("deep-lists", new Case("lists nested 10k deep by MARK ... LIST",
                new PickleBytes().repeat(10_000, '(').op(']').repeat(10_000, 'l'),
                "pickle exceeds its budget of 100 levels of nesting (fixed)"));
        c.put("deep-tuples", new Case("tuples nested 10k deep by TUPLE1",
                new PickleBytes().op('N').repeat(10_000, 0x85),
                "pickle exceeds its budget of 100 levels of nesting (fixed)"));
        c.put("deep-key", new Case("a dict key of tuples nested 10k deep (hashing it recurses 10k frames)",
                new PickleBytes().op('}').op('N').repeat(10_000, 0x85).op('N').op('s'),
                "dict key is a tuple (checkpoint keys are str, int, float, bool or None)"));
        c.put("cycle", new Case("a list that holds itself",
                new PickleBytes().op(']').op('q').op(0).op('h').op(0).op('a'),
                "pickle value contains itself (a value of type list is inside its own items)"));
        c.put("cycle-key", new Case("a dict key holding a list that holds itself",
                new PickleBytes().op('}').op('(').op(']').op('q').op(0).op('h').op(0).op('a').op('t').op('N').op('s'),
                "dict key is a tuple (checkpoint keys are str, int, float, bool or None)"));
        c.put("huge-binunicode", new Case("BINUNICODE declaring 4 GiB - 16",
                new PickleBytes().op('X').le(0xfffffff0L, 4),
                "pickle string of 4294967280 bytes exceeds its budget of 1048587 bytes in one string (1048576 + 1 per 16 bytes of a 187-byte pickle)"));
        c.put("huge-binunicode8", new Case("BINUNICODE8 declaring 2^62 bytes",
                new PickleBytes().op(0x8d).le(1L << 62, 8),
                "pickle string of 4611686018427387904 bytes exceeds its budget of 1048587 bytes in one string (1048576 + 1 per 16 bytes of a 191-byte pickle)"));
        c.put("huge-binbytes8", new Case("BINBYTES8 declaring 2^40 bytes",
                new PickleBytes().op(0x8e).le(1L << 40, 8),
                "pickle string of 1099511627776 bytes exceeds its budget of 1048587 bytes in one string (1048576 + 1 per 16 bytes of a 191-byte pickle)"));
        c.put("huge-long4", new Case("LONG4 declaring a 2^31 - 1 byte integer",
                new PickleBytes().op(0x8b).le(Integer.MAX_VALUE, 4),
                "pickle integer of 2147483647 bytes is too large (at most 8 are read)"));
        c.put("appends-giant", new Case("one list of 4M Nones by APPENDS in batches of 1000, as the pickler writes lists",
                appends(4096, 1000),
                "pickle exceeds its budget of 1091629 items in one container (65536 + 1 per 4 bytes of a 4104375-byte pickle)"));
        c.put("memo-flood", new Case("1M memo entries by MEMOIZE",
                new PickleBytes().op('N').repeat(MiB, 0x94),
                "pickle exceeds its budget of 327725 memo entries (65536 + 1 per 4 bytes of a 1048759-byte pickle)"));
        c.put("empty-dicts", new Case("4M empty dicts appended to one list",
                new PickleBytes().op(']').op('(').repeat(4 * MiB, '}').op('e'),
                "pickle exceeds its budget of 1114158 containers (65536 + 1 per 4 bytes of a 4194489-byte pickle)"));
        return c;
    }

    private static PickleBytes memoLaughs(int levels, int width) {
        PickleBytes p = new PickleBytes().op(']').op('N').op('q').op(0).op('a');
        for (int k = 1; k <= levels; k++) {
            p.op('(');
            for (int i = 0; i < width; i++) p.op('h').op(k - 1);
            p.op('t').op('q').op(k).op('a');
        }
        return p;
    }

    private static PickleBytes appends(int batches, int batch) {
        PickleBytes p = new PickleBytes().op(']');
        for (int i = 0; i < batches; i++) p.op('(').repeat(batch, 'N').op('e');
        return p;
    }

    /** {'model': OrderedDict{'w': tensor of storage '0'}, 'junk': <hostile value>}. */
    static byte[] checkpoint(PickleBytes junk) {
        byte[] hostile = junk.toBytesWithoutStop();
        PickleBytes p = new PickleBytes().proto().op('}').mark().str("model")
                .global("collections", "OrderedDict").op(')').op('R')
                .str("w").tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1}).op('s')
                .str("junk").raw(hostile).op('u');
        return p.stop();
    }

    static byte[] storage() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).putFloat(4).array();
    }

    static Path write(Path dir, String name) throws IOException {
        return new PthZip("hostile", checkpoint(cases().get(name).junk())).storage("0", storage()).write(dir.resolve(name + ".pth"));
    }

    /** Writes every case as DIR/NAME.pth; with {@code --time}, also times each refusal in this JVM (the first, cold, and the best of 5). */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (String name : cases().keySet()) {
            Path f = write(dir, name);
            if (args.length < 2 || !args[1].equals("--time")) {
                System.out.println(f);
                continue;
            }
            long first = 0, best = Long.MAX_VALUE;
            for (int run = 0; run < 5; run++) {
                long t0 = System.nanoTime();
                try {
                    PthReader.open(f, null).tensors().close();
                } catch (BadInputException expected) {
                    long t = System.nanoTime() - t0;
                    if (run == 0) first = t;
                    best = Math.min(best, t);
                }
            }
            System.out.printf("%s|%.1f|%.1f%n", name, first / 1e6, best / 1e6);
        }
    }
}
