package org.mast3r.weights;

import org.mast3r.common.BadInputException;

/**
 * What one pickle of {@code n} bytes may build, so that a small file cannot expand into a large heap:
 * each budget is a floor plus a share of {@code n}. The shares come from the torch.save pickles of
 * shared/fixtures/pth (protocol 2, 12-30 kB): per byte they hold 1/16 memo entry, about 1/5 value and
 * 1/27 container, and their longest string is 300 bytes; protocol 4 packs the same data about a third
 * tighter. Each share leaves at least twice that room, and the floors cover any small pickle. Nesting is
 * a constant: a checkpoint nests a handful of levels (dict, dict, tensor, size tuple).
 * <p>At the budgets' edge one pickle byte costs at most about 50 bytes of heap (a dict per 8 bytes,
 * a boxed int per 2, a memo entry per 4, an item slot per byte).
 */
final class PickleBudget {
    /** One budget: {@code floor + n / per} (or just {@code floor} when {@code per} is 0). */
    record Limit(String what, long floor, long per) {
        long of(long n) {
            return per == 0 ? floor : floor + n / per;
        }

        /** How {@link #of} came about, for the refusal: "65536 + 1 per 4 bytes of a 120-byte pickle" or "fixed". */
        String rule(long n) {
            return per == 0 ? "fixed" : floor + " + 1 per " + (per == 1 ? "byte" : per + " bytes") + " of a " + n + "-byte pickle";
        }
    }

    static final Limit MEMO = new Limit("memo entries", 1 << 16, 4);
    static final Limit VALUES = new Limit("values", 1 << 16, 2);
    static final Limit CONTAINERS = new Limit("containers", 1 << 14, 8);
    static final Limit ITEMS = new Limit("container items", 1 << 16, 1);
    static final Limit LENGTH = new Limit("items in one container", 1 << 16, 4);
    static final Limit STRING = new Limit("bytes in one string", 1 << 20, 16);
    static final Limit DEPTH = new Limit("levels of nesting", 100, 0);

    private final String subject;
    private final long bytes;
    private long values, containers, items;

    PickleBudget(String subject, long bytes) {
        this.subject = subject;
        this.bytes = bytes;
    }

    long of(Limit l) {
        return l.of(bytes);
    }

    /** A value pushed on the stack (made, or fetched from the memo). */
    void value() {
        if (++values > of(VALUES)) exceeded(VALUES);
    }

    /** A list, tuple, dict, set or instance made. */
    void container() {
        if (++containers > of(CONTAINERS)) exceeded(CONTAINERS);
    }

    /** {@code added} items stored into a container that then holds {@code length}. */
    void items(long added, long length) {
        items += added;
        if (items > of(ITEMS)) exceeded(ITEMS);
        if (length > of(LENGTH)) exceeded(LENGTH);
    }

    /** The memo is about to hold {@code entries}. */
    void memo(long entries) {
        if (entries > of(MEMO)) exceeded(MEMO);
    }

    /** A string or bytes value of {@code n} bytes is about to be read ({@code n} negative: past 2^63). */
    void string(long n) {
        if (n < 0 || n > of(STRING)) {
            throw bad("pickle string of " + Long.toUnsignedString(n) + " bytes exceeds its budget of " + of(STRING) + " " + STRING.what() + " (" + STRING.rule(bytes) + ")");
        }
    }

    /** Values reached from the root through shared references, counted once per path (see {@link PickleWalk}). */
    void reached(long n) {
        if (n > of(ITEMS)) throw bad("pickle value reaches more than its budget of " + of(ITEMS) + " " + ITEMS.what() + " through shared references (" + ITEMS.rule(bytes) + ")");
    }

    void nesting(long depth) {
        if (depth > of(DEPTH)) exceeded(DEPTH);
    }

    void exceeded(Limit l) {
        throw bad("pickle exceeds its budget of " + of(l) + " " + l.what() + " (" + l.rule(bytes) + ")");
    }

    private BadInputException bad(String problem) {
        return new BadInputException(subject, problem);
    }
}
