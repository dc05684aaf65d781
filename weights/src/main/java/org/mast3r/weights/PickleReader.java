package org.mast3r.weights;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.common.BadInputException;

/**
 * A pickle virtual machine for what torch.save writes at pickle_protocol 1 to 5 (Python's
 * Lib/pickletools.py documents each opcode). It builds plain values ({@link Py}), asks
 * {@link PickleHooks} about every global (whichever opcode names it), call and persistent id, and
 * charges everything it builds to a {@link PickleBudget}; any other opcode stops the load. Protocol 0
 * is refused by name: its persistent ids are strings, so torch.load cannot rebuild its tensors either.
 */
final class PickleReader {
    private static final Object MARK = new Object();
    /** Opcodes only protocol 0 writes (text memo, strings, floats and persistent ids). */
    private static final Map<Integer, String> TEXT_OPS = Map.of(
            (int) 'p', "PUT", (int) 'g', "GET", (int) 'P', "PERSID", (int) 'V', "UNICODE", (int) 'S', "STRING", (int) 'F', "FLOAT");

    private final String subject;
    private final PickleCursor in;
    private final PickleHooks hooks;
    private final PickleBudget budget;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    /** The PROTO argument, or -1 before (and without) one: protocols 0 and 1 write none. */
    private int protocol = -1;

    private PickleReader(String subject, MemorySegment pickle, PickleHooks hooks) {
        this.subject = subject;
        this.budget = new PickleBudget(subject, pickle.byteSize());
        this.in = new PickleCursor(subject, pickle, budget);
        this.hooks = hooks;
    }

    /**
     * Runs the pickle to its STOP and returns the value it leaves, after checking the value's shape. The
     * budgets bound the heap to a multiple of the pickle's length; a pickle too long for the heap this JVM
     * has still fails naming the file (everything it built is garbage once the error leaves here).
     */
    static Object load(String subject, MemorySegment pickle, PickleHooks hooks) {
        try {
            PickleReader r = new PickleReader(subject, pickle, hooks);
            Object root = r.run();
            PickleWalk.check(root, r.budget, subject);
            return root;
        } catch (OutOfMemoryError e) {
            throw new BadInputException(subject, "pickle of " + pickle.byteSize() + " bytes needs more Java heap than this JVM has (raise -Xmx)");
        }
    }

    private Object run() {
        while (true) {
            long at = in.pos();
            int op = in.u8();
            switch (op) {
                case 0x80 -> { // PROTO n
                    protocol = in.u8();
                    if (protocol > 5) bad("pickle protocol " + protocol + " is unknown (0 to 5 exist)");
                }
                case 0x95 -> in.frame(in.u64()); // FRAME n
                case '.' -> { // STOP
                    Object v = pop();
                    if (!marks.isEmpty() || !stack.isEmpty()) bad("pickle stops with values left on the stack");
                    return v;
                }
                case '(' -> { marks.add(stack.size()); push(MARK); } // MARK
                case '0' -> { if (stack.size() == floor() && !marks.isEmpty()) popMark(); else pop(); } // POP (a mark, when nothing is above it)
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(top()); // DUP
                case '}' -> push(made(new Py.Dict())); // EMPTY_DICT
                case ']' -> push(made(new ArrayList<>())); // EMPTY_LIST
                case ')' -> push(made(new Py.Tuple(List.of()))); // EMPTY_TUPLE
                case 0x8f -> push(made(new Py.Set())); // EMPTY_SET
                case 't' -> push(made(new Py.Tuple(popMark()))); // TUPLE
                case 0x85, 0x86, 0x87 -> push(made(new Py.Tuple(popN(op - 0x84)))); // TUPLE1..3
                case 'l' -> push(made(popMark())); // LIST
                case 0x91 -> push(made(new Py.Set(popMark()))); // FROZENSET
                case 'd' -> { Py.Dict d = new Py.Dict(); setItems(d, popMark()); push(made(d)); } // DICT
                case 'q' -> put(in.u8()); // BINPUT
                case 'r' -> put(in.u32()); // LONG_BINPUT
                case 0x94 -> put(memo.size()); // MEMOIZE
                case 'h' -> push(memoGet(in.u8())); // BINGET
                case 'j' -> push(memoGet(in.u32())); // LONG_BINGET
                case 'K' -> push((long) in.u8()); // BININT1
                case 'M' -> push((long) in.u16()); // BININT2
                case 'J' -> push((long) in.i32()); // BININT
                case 0x8a -> push(in.signed(in.u8())); // LONG1
                case 0x8b -> push(in.signed(in.u32())); // LONG4
                case 'I' -> push(textInt(in.line("INT"), false)); // INT
                case 'L' -> push(textInt(in.line("LONG"), true)); // LONG
                case 'G' -> push(in.f64()); // BINFLOAT
                case 'X' -> push(in.utf8(in.u32())); // BINUNICODE
                case 0x8c -> push(in.utf8(in.u8())); // SHORT_BINUNICODE
                case 0x8d -> push(in.utf8(in.u64())); // BINUNICODE8
                case 'C' -> push(in.bytes(in.u8())); // SHORT_BINBYTES
                case 'B' -> push(in.bytes(in.u32())); // BINBYTES
                case 0x8e, 0x96 -> push(in.bytes(in.u64())); // BINBYTES8, BYTEARRAY8
                case 'N' -> push(null); // NONE
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 's' -> { Object v = pop(); Object k = pop(); setItems(top(), Arrays.asList(k, v)); } // SETITEM
                case 'u' -> { List<Object> kv = popMark(); setItems(top(), kv); } // SETITEMS
                case 'a' -> { Object v = pop(); addAll(top(), Collections.singletonList(v), List.class); } // APPEND
                case 'e' -> { List<Object> items = popMark(); addAll(top(), items, List.class); } // APPENDS
                case 0x90 -> { List<Object> items = popMark(); addAll(top(), items, Py.Set.class); } // ADDITEMS
                case 'c' -> push(hooks.global(in.line("GLOBAL module"), in.line("GLOBAL name"))); // GLOBAL
                case 0x93 -> { String name = str(pop()); push(hooks.global(str(pop()), name)); } // STACK_GLOBAL
                case 'i' -> { // INST module name: calls the class with the values above the mark
                    Py.Global cls = hooks.global(in.line("INST module"), in.line("INST name"));
                    push(made(hooks.call(cls, new Py.Tuple(popMark()))));
                }
                case 'o' -> { // OBJ: MARK cls args... OBJ
                    List<Object> items = popMark();
                    if (items.isEmpty()) bad("OBJ without a class");
                    push(made(hooks.call(global(items.getFirst()), new Py.Tuple(items.subList(1, items.size())))));
                }
                case 'R' -> { Py.Tuple args = tuple(pop()); push(made(hooks.call(global(pop()), args))); } // REDUCE
                case 0x81 -> { Py.Tuple args = tuple(pop()); push(made(hooks.newObject(global(pop()), args))); } // NEWOBJ
                case 0x92 -> { // NEWOBJ_EX cls args kwargs: only without keyword arguments
                    Object kwargs = pop();
                    if (!(kwargs instanceof Py.Dict d) || !d.isEmpty()) bad("NEWOBJ_EX with keyword arguments is not supported");
                    Py.Tuple args = tuple(pop());
                    push(made(hooks.newObject(global(pop()), args)));
                }
                case 'b' -> { Object state = pop(); build(top(), state); } // BUILD
                case 'Q' -> push(hooks.persistentLoad(pop())); // BINPERSID
                case 0x97, 0x98 -> bad(String.format("pickle uses an out-of-band buffer (%s at byte %d), which only pickle.loads(buffers=...) can supply, never a file",
                        op == 0x97 ? "NEXT_BUFFER" : "READONLY_BUFFER", at));
                default -> unsupported(op, at);
            }
        }
    }

    private void unsupported(int op, long at) {
        String text = TEXT_OPS.get(op);
        if (text != null && protocol < 0) {
            bad("pickle is protocol 0 (text opcode " + text + " at byte " + at + "), which is not read: torch.load cannot rebuild its tensors either; "
                    + "re-save with torch.save(obj, f, pickle_protocol=2)");
        }
        bad(String.format("unsupported pickle opcode 0x%02x at byte %d", op, at));
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
        budget.items(d.size(), attrs.size());
    }

    /**
     * SETITEM(S) / DICT. Keys must be scalars: a checkpoint's keys are names and integers, and a tuple or
     * other container key would make every hash walk it (a deep or self-referencing key never finishes).
     */
    private void setItems(Object target, List<Object> kv) {
        if (!(target instanceof Py.Dict d)) {
            bad("SETITEM on a " + Py.typeName(target));
            return;
        }
        if (kv.size() % 2 != 0) bad("SETITEMS with an odd number of values");
        for (int i = 0; i < kv.size(); i += 2) {
            Object k = kv.get(i);
            if (!(k == null || k instanceof String || k instanceof Long || k instanceof Double || k instanceof Boolean)) {
                bad("dict key is a " + Py.typeName(k) + " (checkpoint keys are str, int, float, bool or None)");
            }
            d.put(k, kv.get(i + 1));
        }
        budget.items(kv.size() / 2, d.size());
    }

    /** APPEND(S) to a list, ADDITEMS to a set. */
    @SuppressWarnings("unchecked")
    private void addAll(Object target, List<Object> items, Class<?> kind) {
        if (!kind.isInstance(target)) bad((kind == List.class ? "APPEND to a " : "ADDITEMS to a ") + Py.typeName(target));
        List<Object> l = (List<Object>) target;
        budget.items(items.size(), l.size() + (long) items.size());
        l.addAll(items);
    }

    /** Charges a container made here or by a hook (set(list) copies its argument); dicts charge their items as they are set. */
    private Object made(Object o) {
        switch (o) {
            case List<?> l -> { budget.container(); budget.items(l.size(), l.size()); }
            case Py.Tuple t -> { budget.container(); budget.items(t.size(), t.size()); }
            case Py.Dict _, Py.Instance _ -> budget.container();
            case null, default -> { }
        }
        return o;
    }

    private void put(long key) {
        if (!memo.containsKey(key)) budget.memo(memo.size() + 1L);
        memo.put(key, top());
    }

    /** INT / LONG: decimal text (LONG ends in 'L'); protocol 1 writes False and True as INT 00 and 01. */
    private Object textInt(String line, boolean isLong) {
        if (!isLong && line.equals("00")) return Boolean.FALSE;
        if (!isLong && line.equals("01")) return Boolean.TRUE;
        String digits = isLong && line.endsWith("L") ? line.substring(0, line.length() - 1) : line;
        if (!digits.matches("-?[0-9]+")) bad("malformed text integer in pickle");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            bad("pickle integer " + digits + " is too large (at most 8 bytes are read)");
            return null;
        }
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

    private String str(Object o) {
        if (!(o instanceof String s)) {
            bad("STACK_GLOBAL names a " + Py.typeName(o) + ", expected a str");
            return null;
        }
        return s;
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) bad("pickle uses a mark that was never set");
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private List<Object> popN(int n) {
        if (stack.size() - floor() < n) bad("pickle stack underflow");
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return items;
    }

    /** The lowest stack index the current frame may pop (values above the last mark). */
    private int floor() {
        return marks.isEmpty() ? 0 : marks.getLast() + 1;
    }

    private void push(Object o) {
        budget.value();
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

    private void bad(String problem) {
        throw new BadInputException(subject, problem);
    }
}
