package org.mast3r.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.common.BadInputException;

/**
 * A pickle virtual machine for the opcodes torch.save writes (protocol 2; Python's Lib/pickletools.py
 * documents each one). It builds plain values ({@link Py}) and asks {@link PickleHooks} about every global,
 * call and persistent id; any other opcode stops the load. Lengths are checked against the bytes left
 * before anything is allocated.
 */
final class PickleReader {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong F64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int MAX_GLOBAL_NAME = 256;
    private static final Object MARK = new Object();

    private final String subject;
    private final MemorySegment in;
    private final PickleHooks hooks;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long pos;

    private PickleReader(String subject, MemorySegment in, PickleHooks hooks) {
        this.subject = subject;
        this.in = in;
        this.hooks = hooks;
    }

    /** Runs the pickle to its STOP and returns the value it leaves. */
    static Object load(String subject, MemorySegment pickle, PickleHooks hooks) {
        return new PickleReader(subject, pickle, hooks).run();
    }

    private Object run() {
        while (true) {
            long at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO n
                    int v = u8();
                    if (v > 5) bad("pickle protocol " + v + " is unknown");
                }
                case '.' -> { // STOP
                    Object v = pop();
                    if (!marks.isEmpty() || !stack.isEmpty()) bad("pickle stops with values left on the stack");
                    return v;
                }
                case '(' -> { marks.add(stack.size()); push(MARK); } // MARK
                case '}' -> push(new Py.Dict()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(new Py.Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Py.Tuple(popMark())); // TUPLE
                case 0x85, 0x86, 0x87 -> push(tupleOf(op - 0x84)); // TUPLE1..3
                case 'd' -> push(dictOf(popMark())); // DICT
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case 'q' -> memo.put((long) u8(), top()); // BINPUT
                case 'r' -> memo.put(u32(), top()); // LONG_BINPUT
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(u32())); // LONG_BINGET
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (u8() | u8() << 8)); // BININT2
                case 'J' -> { need(4); push((long) in.get(I32, pos)); pos += 4; } // BININT
                case 0x8a -> push(long1()); // LONG1
                case 'X' -> push(utf8(u32())); // BINUNICODE
                case 'G' -> { need(8); push(Double.longBitsToDouble(in.get(F64, pos))); pos += 8; } // BINFLOAT
                case 'N' -> push(null); // NONE
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 's' -> { Object v = pop(); Object k = pop(); setItem(top(), k, v); } // SETITEM
                case 'u' -> setItems(popMark(), top()); // SETITEMS
                case 'a' -> { Object v = pop(); list(top()).add(v); } // APPEND
                case 'e' -> { List<Object> items = popMark(); list(top()).addAll(items); } // APPENDS
                case 'c' -> push(hooks.global(line(), line())); // GLOBAL
                case 'R' -> { Py.Tuple args = tuple(pop()); push(hooks.call(global(pop()), args)); } // REDUCE
                case 0x81 -> { Py.Tuple args = tuple(pop()); push(hooks.newObject(global(pop()), args)); } // NEWOBJ
                case 'b' -> { Object state = pop(); build(top(), state); } // BUILD
                case 'Q' -> push(hooks.persistentLoad(pop())); // BINPERSID
                default -> bad(String.format("unsupported pickle opcode 0x%02x at byte %d", op, at));
            }
        }
    }

    /** BUILD without __setstate__: the state dict (or the dict half of (state, slots)) becomes attributes. */
    private void build(Object target, Object state) {
        if (state instanceof Py.Tuple t && t.size() == 2) {
            if (t.get(1) != null) bad("BUILD with slot state on " + Py.typeName(target) + " is not supported");
            state = t.get(0);
        }
        if (state == null) return;
        if (!(state instanceof Py.Dict d)) {
            bad("BUILD state of " + Py.typeName(target) + " is a " + Py.typeName(state) + ", expected a dict");
            return;
        }
        Map<String, Object> attrs = switch (target) {
            case Py.Dict dict -> dict.attrs;
            case Py.Instance i -> i.attrs();
            default -> null;
        };
        if (attrs == null) bad("BUILD on a " + Py.typeName(target) + " is not supported");
        for (Map.Entry<Object, Object> e : d.entrySet()) {
            if (!(e.getKey() instanceof String k)) bad("BUILD attribute name is a " + Py.typeName(e.getKey()));
            else attrs.put(k, e.getValue());
        }
    }

    private void setItems(List<Object> kv, Object target) {
        if (kv.size() % 2 != 0) bad("SETITEMS with an odd number of values");
        for (int i = 0; i < kv.size(); i += 2) setItem(target, kv.get(i), kv.get(i + 1));
    }

    private void setItem(Object target, Object k, Object v) {
        if (!(target instanceof Py.Dict d)) {
            bad("SETITEM on a " + Py.typeName(target));
            return;
        }
        if (k instanceof List<?> || k instanceof Py.Dict || k instanceof Py.Tensor) bad("unhashable dict key of type " + Py.typeName(k));
        d.put(k, v);
    }

    private Py.Dict dictOf(List<Object> kv) {
        Py.Dict d = new Py.Dict();
        setItems(kv, d);
        return d;
    }

    private Py.Tuple tupleOf(int n) {
        if (stack.size() - floor() < n) bad("pickle stack underflow");
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        for (int i = 0; i < n; i++) stack.removeLast();
        return new Py.Tuple(items);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (!(o instanceof List<?>)) bad("APPEND to a " + Py.typeName(o));
        return (List<Object>) o;
    }

    private Py.Tuple tuple(Object o) {
        if (!(o instanceof Py.Tuple t)) {
            bad("call arguments are a " + Py.typeName(o) + ", expected a tuple");
            return null;
        }
        return t;
    }

    private Py.Global global(Object o) {
        if (!(o instanceof Py.Global g)) {
            bad("calls a " + Py.typeName(o) + ", which is not a callable global");
            return null;
        }
        return g;
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) bad("pickle uses a mark that was never set");
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        while (stack.size() > m) stack.removeLast();
        return items;
    }

    /** The lowest stack index the current frame may pop (values above the last mark). */
    private int floor() {
        return marks.isEmpty() ? 0 : marks.getLast() + 1;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.size() <= floor()) bad("pickle stack underflow");
        return stack.removeLast();
    }

    private Object top() {
        if (stack.size() <= floor()) bad("pickle stack underflow");
        return stack.getLast();
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) bad("pickle reads memo " + key + " before writing it");
        return memo.get(key);
    }

    private long long1() {
        int n = u8();
        if (n > 8) bad("pickle integer of " + n + " bytes is too large");
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (in.get(ValueLayout.JAVA_BYTE, pos + i) & 0xff) << (8 * i);
        if (n > 0 && n < 8 && (in.get(ValueLayout.JAVA_BYTE, pos + n - 1) & 0x80) != 0) v -= 1L << (8 * n); // two's complement
        pos += n;
        return v;
    }

    /** A newline-terminated ASCII name of GLOBAL. */
    private String line() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') return sb.toString();
            if (c < 0x20 || c > 0x7e || sb.length() >= MAX_GLOBAL_NAME) bad("malformed GLOBAL name in pickle");
            sb.append((char) c);
        }
    }

    private String utf8(long n) {
        need(n);
        byte[] b = in.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            bad("pickle string is not valid UTF-8");
            return null;
        }
    }

    private int u8() {
        need(1);
        return in.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
    }

    private long u32() {
        need(4);
        long v = in.get(I32, pos) & 0xffffffffL;
        pos += 4;
        return v;
    }

    private void need(long n) {
        if (n > in.byteSize() - pos) bad("pickle is truncated at byte " + pos);
    }

    private void bad(String problem) {
        throw new BadInputException(subject, problem);
    }
}
