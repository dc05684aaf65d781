package org.mast3r.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-written pickle bytes for crafted tests, one method per opcode (Lib/pickletools.py names). */
final class PickleBytes {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream();

    PickleBytes op(int code) {
        b.write(code);
        return this;
    }

    PickleBytes proto() {
        return op(0x80).op(2);
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes str(String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(u.length).array());
        b.writeBytes(u);
        return this;
    }

    /** The smallest of BININT1 / BININT2 / BININT / LONG1 that holds v, as the pickler picks. */
    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) return op('K').op((int) v);
        if (v >= 0 && v < 65536) return op('M').op((int) v & 0xff).op((int) (v >> 8));
        if (v == (int) v) {
            op('J');
            b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            return this;
        }
        op(0x8a).op(8);
        b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        return this;
    }

    PickleBytes global(String module, String name) {
        op('c');
        b.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** ints as a tuple: MARK ... TUPLE. */
    PickleBytes tuple(long... v) {
        mark();
        for (long x : v) integer(x);
        return op('t');
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
        op(0x89);
        global("collections", "OrderedDict").op(')').op('R');
        op('t');
        return op('R');
    }

    byte[] toBytesWithoutStop() {
        return b.toByteArray();
    }

    byte[] stop() {
        op('.');
        return b.toByteArray();
    }
}
