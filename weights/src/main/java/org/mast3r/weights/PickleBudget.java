package org.mast3r.weights;

import org.mast3r.common.BadInputException;

/**
 * What one pickle of {@code n} bytes may build, so that a small file cannot expand into a large heap:
 * each budget is a floor plus a share of {@code n}. The shares come from measured pickles: the torch.save
 * pickles of shared/fixtures/pth (protocol 2, 12-30 kB) hold per byte 1/16 memo entry, about 1/5 value
 * and 1/27 container, and their longest string is 300 bytes; a denser synthetic training checkpoint
 * (3000 small tensors plus optimizer state with 6000 more, protocol 4, 532 kB) uses at most 40% of any
 * count budget. Nesting is a constant: a checkpoint nests a handful of levels (dict, dict, tensor, size
 * tuple).
 * <p>These shares still let a long pickle fill a small heap (at their edge a pickle byte may cost about
 * 50 bytes of heap), so everything charged also adds its estimated heap size, from the object layouts of
 * a 64-bit JVM with compressed pointers rounded up, and the total may not pass a quarter of the heap this JVM
 * may grow to (-Xmx): the refusal then names the file instead of the JVM running out.
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
    static final Limit VALUES = new Limit("values", 1 << 18, 2);
    static final Limit CONTAINERS = new Limit("containers", 1 << 16, 4);
    static final Limit ITEMS = new Limit("container items", 1 << 16, 1);
    static final Limit LENGTH = new Limit("items in one container", 1 << 16, 4);
    static final Limit STRING = new Limit("bytes in one string", 1 << 20, 16);
    static final Limit DEPTH = new Limit("levels of nesting", 100, 0);

    /** Estimated heap bytes: a pushed value (box and stack slot), a container (a dict is two LinkedHashMaps), an item (a dict entry), a memo entry. */
    static final long VALUE_HEAP = 24, CONTAINER_HEAP = 128, ITEM_HEAP = 48, MEMO_HEAP = 64;

    private final String subject;
    private final long bytes;
    private final long heapLimit;
    private long values, containers, items, heap;

    PickleBudget(String subject, long bytes) {
        this(subject, bytes, Runtime.getRuntime().maxMemory() / 4);
    }

    /** {@code heapLimit}: the estimated heap bytes the pickle may use. */
    PickleBudget(String subject, long bytes, long heapLimit) {
        this.subject = subject;
        this.bytes = bytes;
        this.heapLimit = heapLimit;
    }

    long of(Limit l) {
        return l.of(bytes);
    }

    /** A value pushed on the stack (made, or fetched from the memo). */
    void value() {
        if (++values > of(VALUES)) exceeded(VALUES);
        heap(VALUE_HEAP);
    }

    /** A list, tuple, dict, set or instance made. */
    void container() {
        if (++containers > of(CONTAINERS)) exceeded(CONTAINERS);
        heap(CONTAINER_HEAP);
    }

    /** {@code added} items stored into a container that then holds {@code length}. */
    void items(long added, long length) {
        items += added;
        if (items > of(ITEMS)) exceeded(ITEMS);
        if (length > of(LENGTH)) exceeded(LENGTH);
        heap(added * ITEM_HEAP);
    }

    /** The memo is about to hold {@code entries}. */
    void memo(long entries) {
        if (entries > of(MEMO)) exceeded(MEMO);
        heap(MEMO_HEAP);
    }

    /** A string or bytes value of {@code n} bytes is about to be read ({@code n} negative: past 2^63). */
    void string(long n) {
        if (n < 0 || n > of(STRING)) {
            throw bad("pickle string of " + Long.toUnsignedString(n) + " bytes exceeds its budget of " + of(STRING) + " " + STRING.what() + " (" + STRING.rule(bytes) + ")");
        }
        heap(2 * n + 64); // the bytes read, then the String (UTF-16 at worst)
    }

    /** Values reached from the root through shared references, counted once per path (see {@link PickleWalk}). */
    void reached(long n) {
        if (n > of(ITEMS)) throw bad("pickle value reaches more than its budget of " + of(ITEMS) + " " + ITEMS.what() + " through shared references (" + ITEMS.rule(bytes) + ")");
    }

    private void heap(long estimate) {
        heap += estimate;
        if (heap > heapLimit) {
            throw bad("pickle needs more than its heap budget of " + heapLimit / (1 << 20) + " MiB (a quarter of this JVM's -Xmx; estimated from what it built so far)");
        }
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
