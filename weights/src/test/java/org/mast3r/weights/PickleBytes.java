package org.mast3r.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Hand-written pickle bytes for crafted tests, one method per opcode (Lib/pickletools.py names). The
 * value-level methods (str, integer, bool, global, tuple, namespace) pick the opcodes Python's pickler
 * writes at the given protocol (2 unless told): SHORT_BINUNICODE, STACK_GLOBAL and one FRAME from 4 on,
 * TUPLE1..3 and NEWOBJ from 2 on, and below 3 the Python 2 module names of fix_imports ({@link #py2}).
 */
final class PickleBytes {
    private static final Map<String, String> PY2_MODULES = Map.of("builtins", "__builtin__", "copyreg", "copy_reg");

    private final ByteArrayOutputStream b = new ByteArrayOutputStream();
    private final int protocol;
    /** Where FRAME's 8-byte length goes, patched at STOP; -1 without a frame. */
    private int frameLength = -1;
    private int memoized;

    PickleBytes() {
        this(2);
    }

    PickleBytes(int protocol) {
        this.protocol = protocol;
    }

    PickleBytes op(int code) {
        b.write(code);
        return this;
    }

    /** {@code seq} written {@code times} times: the bulk of a hostile pickle. */
    PickleBytes repeat(int times, int... seq) {
        byte[] one = new byte[seq.length];
        for (int i = 0; i < seq.length; i++) one[i] = (byte) seq[i];
        for (int i = 0; i < times; i++) b.writeBytes(one);
        return this;
    }

    /** A little-endian unsigned field of {@code width} bytes (lengths and memo keys). */
    PickleBytes le(long v, int width) {
        for (int i = 0; i < width; i++) b.write((int) (v >>> (8 * i)));
        return this;
    }

    /** PROTO (protocol 2 on), then from protocol 4 one FRAME holding the rest. */
    PickleBytes proto() {
        if (protocol >= 2) op(0x80).op(protocol);
        if (protocol >= 4) {
            op(0x95);
            frameLength = b.size();
            le(0, 8);
        }
        return this;
    }

    PickleBytes mark() {
        return op('(');
    }

    /** The top of the stack into the next memo slot: MEMOIZE from protocol 4, else BINPUT. */
    PickleBytes memoize() {
        if (protocol >= 4) op(0x94);
        else op('q').op(memoized);
        memoized++;
        return this;
    }

    PickleBytes str(String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        if (protocol >= 4 && u.length < 256) op(0x8c).op(u.length);
        else op('X').le(u.length, 4);
        b.writeBytes(u);
        return this;
    }

    /** The smallest of BININT1 / BININT2 / BININT that holds v, else LONG1 (protocol 2 on) or text LONG. */
    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) return op('K').op((int) v);
        if (v >= 0 && v < 65536) return op('M').le(v, 2);
        if (v == (int) v) return op('J').le(v, 4);
        if (protocol < 2) return text('L', v + "L");
        return op(0x8a).op(8).le(v, 8);
    }

    /** NEWTRUE / NEWFALSE, or before protocol 2 the text INT 01 / 00. */
    PickleBytes bool(boolean v) {
        if (protocol < 2) return text('I', v ? "01" : "00");
        return op(v ? 0x88 : 0x89);
    }

    /** GLOBAL below protocol 4, else STACK_GLOBAL; the module as given (see {@link #py2}). */
    PickleBytes global(String module, String name) {
        if (protocol >= 4) return str(module).str(name).op(0x93);
        return text('c', module + "\n" + name);
    }

    /** The module name pickle's fix_imports writes below protocol 3 (builtins is __builtin__ there). */
    String py2(String module) {
        return protocol < 3 ? PY2_MODULES.getOrDefault(module, module) : module;
    }

    /** ints as a tuple: EMPTY_TUPLE, TUPLE1..3 from protocol 2, else MARK ... TUPLE. */
    PickleBytes tuple(long... v) {
        if (v.length == 0) return op(')');
        boolean small = protocol >= 2 && v.length <= 3;
        if (!small) mark();
        for (long x : v) integer(x);
        return op(small ? 0x84 + v.length : 't');
    }

    /** argparse.Namespace() before its BUILD: NEWOBJ from protocol 2, else copyreg._reconstructor. */
    PickleBytes namespace() {
        if (protocol >= 2) return global("argparse", "Namespace").op(')').op(0x81);
        global(py2("copyreg"), "_reconstructor").mark().global("argparse", "Namespace").global(py2("builtins"), "object").op('N').op('t');
        return op('R');
    }

    /**
     * _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False, OrderedDict()),
     * laid out as torch.save writes it.
     */
    PickleBytes tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).op('t').op('Q');
        integer(offset);
        tuple(size);
        tuple(stride);
        bool(false);
        global("collections", "OrderedDict").op(')').op('R');
        op('t');
        return op('R');
    }

    PickleBytes raw(byte[] bytes) {
        b.writeBytes(bytes);
        return this;
    }

    byte[] toBytesWithoutStop() {
        return b.toByteArray();
    }

    byte[] stop() {
        op('.');
        byte[] out = b.toByteArray();
        if (frameLength >= 0) ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(frameLength, out.length - frameLength - 8);
        return out;
    }

    /** A text opcode: the code, then {@code line} and a newline. */
    private PickleBytes text(int code, String line) {
        op(code);
        b.writeBytes((line + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }
}
