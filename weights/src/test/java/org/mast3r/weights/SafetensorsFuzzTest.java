package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;

/**
 * Seeded mutation fuzzing of the reader: bit flips, truncations, edited header fields and spliced
 * JSON over small valid files. Every case must either open (and read every tensor) or fail with a
 * {@link BadInputException}; anything else, or a case slower than 2 s, fails with the case number so it
 * can be replayed. 10,000 cases by default; {@code -Dmast3r.fuzz.cases=1000000} for the long run.
 */
class SafetensorsFuzzTest {
    private static final String[] SPLICES = {
        "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "null", "-1", "0", "1e400", "18446744073709551616",
        "9223372036854775807", "-9223372036854775808", "\"__metadata__\":{}", "\"__metadata__\":[1]",
        "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", "\"F16\"", "\"BF16\"", "\"I64\"", "\"X9\"",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "\\ud800", "\\u0000", "NaN",
        "Infinity", "true", "\u00e9", "\"shape\":[]", "\"data_offsets\":[4,0]", "/*", "\n",
    };

    @TempDir Path tmp;

    @Test
    void mutatedFilesOpenOrFailCleanly() throws IOException {
        int cases = Integer.getInteger("mast3r.fuzz.cases", 10_000);
        List<byte[]> seeds = seedFiles();
        Path f = tmp.resolve("fuzz.safetensors");
        int opened = 0, rejected = 0;
        long slowest = 0, t0 = System.nanoTime();
        for (int c = 0; c < cases; c++) {
            SplittableRandom rnd = new SplittableRandom(0x5eed_0000L + c);
            byte[] bytes = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            Files.write(f, bytes);
            long start = System.nanoTime();
            try (Safetensors st = Safetensors.open(f)) {
                readAll(st);
                opened++;
            } catch (BadInputException e) {
                if (!e.subject().equals(f.toString()) || e.problem().isBlank() || e.problem().contains("\n")) {
                    fail("case " + c + ": badly formed message: " + e.getMessage());
                }
                rejected++;
            } catch (Throwable t) {
                throw new AssertionError("case " + c + " threw " + t, t);
            }
            long took = System.nanoTime() - start;
            slowest = Math.max(slowest, took);
            if (took > 2_000_000_000L) fail("case " + c + " took " + took / 1e9 + " s");
        }
        System.out.printf("fuzz: %d cases, %d opened, %d rejected, slowest %.1f ms, total %.1f s%n",
                cases, opened, rejected, slowest / 1e6, (System.nanoTime() - t0) / 1e9);
        assertEquals(cases, opened + rejected);
    }

    /** Touches every element of every tensor, the way inspect and the loader do. */
    private static void readAll(Safetensors st) {
        for (String name : st.names()) {
            StoredTensor t = st.get(name);
            if (t.elementCount() > 1 << 20) continue;
            if (t.dtype().isFloat() || t.dtype() == DType.F64) t.toDoubles();
            else t.toLongs();
            if (t.bytes().byteSize() > 0) t.bytes().get(ValueLayout.JAVA_BYTE, t.bytes().byteSize() - 1);
        }
    }

    private List<byte[]> seedFiles() throws IOException {
        List<List<TensorSpec>> sets = List.of(
                List.of(spec("w", DType.F32, 3, 4), spec("b", DType.F32, 4), spec("mask", DType.U8, 5)),
                List.of(spec("h", DType.F16, 7), spec("bf", DType.BF16, 2, 3), spec("i", DType.I64, 3), spec("e", DType.F32, 0, 5)),
                List.of(spec("x.weight", DType.F32, 2, 2, 2), spec("x.bias", DType.I32, 2), spec("d", DType.F64, 1)));
        List<byte[]> out = new ArrayList<>();
        int k = 0;
        for (List<TensorSpec> s : sets) {
            Path p = tmp.resolve("seed" + k++ + ".safetensors");
            SafetensorsWriter.write(p, s, k == 2 ? Map.of() : Map.of("format", "pt", "alias.weight", "w"), 1);
            out.add(Files.readAllBytes(p));
        }
        return out;
    }

    private static TensorSpec spec(String name, DType dtype, long... shape) {
        return new TensorSpec(name, dtype, shape, b -> {
            for (long i = 0; i < b.byteSize(); i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 37 + name.length()));
        });
    }

    private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            b = switch (rnd.nextInt(6)) {
                case 0 -> flipBits(b, rnd);
                case 1 -> truncate(b, rnd);
                case 2 -> editNumber(b, rnd);
                case 3 -> splice(b, rnd);
                case 4 -> editLength(b, rnd);
                default -> editToken(b, rnd);
            };
        }
        return b;
    }

    private static byte[] flipBits(byte[] b, SplittableRandom rnd) {
        if (b.length == 0) return b;
        int n = 1 + rnd.nextInt(8);
        int headerEnd = Math.min(b.length, 8 + headerLength(b));
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(4) > 0 && headerEnd > 0 ? rnd.nextInt(headerEnd) : rnd.nextInt(b.length);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
    }

    private static byte[] truncate(byte[] b, SplittableRandom rnd) {
        return java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
    }

    /** Replaces one number of the header text with a hostile one, keeping the length prefix consistent. */
    private static byte[] editNumber(byte[] b, SplittableRandom rnd) {
        String h = header(b);
        List<int[]> nums = new ArrayList<>();
        for (var m = java.util.regex.Pattern.compile("-?\\d+").matcher(h); m.find(); ) nums.add(new int[] {m.start(), m.end()});
        if (nums.isEmpty()) return b;
        int[] at = nums.get(rnd.nextInt(nums.size()));
        String[] values = {"0", "-1", "1", "2", "4", "7", "8", "9223372036854775807", "-9223372036854775808",
            "4294967296", "18446744073709551615", "99999999999999999999999", "1.5", "1e3", String.valueOf(rnd.nextLong())};
        String old = h.substring(at[0], at[1]);
        String val = rnd.nextBoolean() ? values[rnd.nextInt(values.length)]
                : String.valueOf(Long.parseLong(old.length() > 18 ? "0" : old) + rnd.nextInt(-8, 9));
        return withHeader(b, h.substring(0, at[0]) + val + h.substring(at[1]));
    }

    private static byte[] splice(byte[] b, SplittableRandom rnd) {
        String h = header(b);
        int at = rnd.nextInt(h.length() + 1);
        String s = SPLICES[rnd.nextInt(SPLICES.length)];
        if (rnd.nextInt(4) == 0 && at < h.length()) h = h.substring(0, at) + h.substring(Math.min(h.length(), at + 1 + rnd.nextInt(12)));
        else h = h.substring(0, at) + s + h.substring(at);
        return withHeader(b, h);
    }

    /** Swaps a quoted token (name, dtype, key) for another, which makes duplicates and unknown dtypes. */
    private static byte[] editToken(byte[] b, SplittableRandom rnd) {
        String h = header(b);
        List<String> tokens = new ArrayList<>();
        for (var m = java.util.regex.Pattern.compile("\"[^\"]*\"").matcher(h); m.find(); ) tokens.add(m.group());
        if (tokens.size() < 2) return b;
        String from = tokens.get(rnd.nextInt(tokens.size())), to = tokens.get(rnd.nextInt(tokens.size()));
        return withHeader(b, h.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static byte[] editLength(byte[] b, SplittableRandom rnd) {
        if (b.length < 8) return b;
        long[] values = {0, 1, 2, -1, Long.MIN_VALUE, Long.MAX_VALUE, 100L * 1024 * 1024, 100L * 1024 * 1024 + 1, b.length - 8, b.length - 7,
            headerLength(b) + rnd.nextInt(-9, 10), rnd.nextLong()};
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, values[rnd.nextInt(values.length)]);
        return b;
    }

    private static int headerLength(byte[] b) {
        if (b.length < 8) return 0;
        long n = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
        return (int) Math.max(0, Math.min(n, b.length - 8));
    }

    private static String header(byte[] b) {
        return new String(b, 8 > b.length ? b.length : 8, headerLength(b), StandardCharsets.UTF_8);
    }

    private static byte[] withHeader(byte[] b, String h) {
        if (b.length < 8) return b;
        byte[] hb = h.getBytes(StandardCharsets.UTF_8);
        int rest = 8 + headerLength(b);
        byte[] out = new byte[8 + hb.length + (b.length - rest)];
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, hb.length);
        System.arraycopy(hb, 0, out, 8, hb.length);
        System.arraycopy(b, rest, out, 8 + hb.length, b.length - rest);
        return out;
    }
}
