package org.mast3r.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.mast3r.common.BadInputException;

/**
 * The bytes of a pickle read front to back: the argument encodings of Lib/pickletools.py (little-endian
 * fixed ints, big-endian BINFLOAT, length-prefixed strings, newline-terminated text). Every length is
 * checked against the bytes left, and strings against the budget, before anything is allocated.
 */
final class PickleCursor {
    /** A module or class name of GLOBAL / INST, and the digits of a text INT / LONG, are never longer. */
    private static final int MAX_LINE = 256;

    private final String subject;
    private final MemorySegment in;
    private final PickleBudget budget;
    private long pos;

    PickleCursor(String subject, MemorySegment in, PickleBudget budget) {
        this.subject = subject;
        this.in = in;
        this.budget = budget;
    }

    long pos() {
        return pos;
    }

    int u8() {
        need(1);
        return in.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
    }

    int u16() {
        return u8() | u8() << 8;
    }

    int i32() {
        return (int) signed(4);
    }

    long u32() {
        return i32() & 0xffffffffL;
    }

    /** An 8-byte length; one past 2^63 reads negative, which every budget refuses. */
    long u64() {
        return signed(8);
    }

    /** BINFLOAT: an IEEE double, big-endian (the one big-endian argument of the format). */
    double f64() {
        return Double.longBitsToDouble(Long.reverseBytes(u64()));
    }

    /** LONG1 / LONG4: {@code n} bytes of two's complement, little-endian; only what fits a Java long is read. */
    long signed(long n) {
        if (n < 0 || n > 8) bad("pickle integer of " + Long.toUnsignedString(n) + " bytes is too large (at most 8 are read)");
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (in.get(ValueLayout.JAVA_BYTE, pos + i) & 0xff) << (8 * i);
        if (n > 0 && n < 8 && (in.get(ValueLayout.JAVA_BYTE, pos + n - 1) & 0x80) != 0) v -= 1L << (8 * n);
        pos += n;
        return v;
    }

    /** A newline-terminated line of printable ASCII (GLOBAL / INST names, text INT / LONG digits). */
    String line(String what) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') return sb.toString();
            if (c < 0x20 || c > 0x7e || sb.length() >= MAX_LINE) bad("malformed " + what + " in pickle");
            sb.append((char) c);
        }
    }

    String utf8(long n) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes(n))).toString();
        } catch (CharacterCodingException e) {
            bad("pickle string is not valid UTF-8");
            return null;
        }
    }

    byte[] bytes(long n) {
        budget.string(n);
        need(n);
        byte[] b = in.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return b;
    }

    /** FRAME: protocol 4 groups opcodes in frames; the frame must lie inside the pickle, its contents are read as usual. */
    void frame(long n) {
        if (n < 0 || n > in.byteSize() - pos) bad("pickle frame of " + Long.toUnsignedString(n) + " bytes runs past its end at byte " + in.byteSize());
    }

    private void need(long n) {
        if (n > in.byteSize() - pos) bad("pickle is truncated at byte " + pos);
    }

    private void bad(String problem) {
        throw new BadInputException(subject, problem);
    }
}
