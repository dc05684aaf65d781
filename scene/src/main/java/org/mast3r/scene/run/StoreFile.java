package org.mast3r.scene.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The binary layout of the pair store's files, little-endian: an 8-byte magic, the format version, the run
 * fingerprint (length-prefixed UTF-8), a few ints of header, then float, int and double arrays back to back. A
 * file is read as a whole header plus arrays at offsets that follow from the header, so a reader can fetch
 * one section without the rest.
 */
final class StoreFile {
    private static final int CHUNK = 1 << 16;

    private StoreFile() {}

    /** Appends values to a file being written, through one small buffer. */
    static final class Writer implements AutoCloseable {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);

        Writer(Path file, byte[] magic, String fingerprint, int... header) throws IOException {
            ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE);
            buf.put(magic).putInt(PairStore.FORMAT);
            byte[] fp = fingerprint.getBytes(StandardCharsets.UTF_8);
            buf.putInt(fp.length).put(fp).putInt(header.length);
            for (int v : header) buf.putInt(v);
        }

        Writer floats(float[] v) throws IOException {
            for (float x : v) {
                if (buf.remaining() < 8) flush();
                buf.putFloat(x);
            }
            return this;
        }

        Writer ints(int[] v) throws IOException {
            for (int x : v) {
                if (buf.remaining() < 8) flush();
                buf.putInt(x);
            }
            return this;
        }

        Writer doubles(double[] v) throws IOException {
            for (double x : v) {
                if (buf.remaining() < 8) flush();
                buf.putDouble(x);
            }
            return this;
        }

        private void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }

        @Override
        public void close() throws IOException {
            flush();
            ch.force(true);
            ch.close();
        }
    }

    /** A file's header; {@code body} is where its arrays start, {@code length} its size on disk. */
    record Header(String fingerprint, int[] values, long body, long length) {}

    /** The header of {@code ch}, or null when the file is not one of ours of this format (or is cut short). */
    static Header header(FileChannel ch, byte[] magic) throws IOException {
        long length = ch.size();
        ByteBuffer b = read(ch, 0, (int) Math.min(length, 4096));
        if (b.remaining() < magic.length + 8) return null;
        byte[] m = new byte[magic.length];
        b.get(m);
        if (!Arrays.equals(m, magic) || b.getInt() != PairStore.FORMAT) return null;
        int fpLength = b.getInt();
        if (fpLength < 0 || fpLength > b.remaining() - 4) return null;
        byte[] fp = new byte[fpLength];
        b.get(fp);
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 4) return null;
        int[] values = new int[n];
        for (int i = 0; i < n; i++) values[i] = b.getInt();
        return new Header(new String(fp, StandardCharsets.UTF_8), values, b.position(), length);
    }

    static float[] floats(FileChannel ch, long at, int n) throws IOException {
        float[] v = new float[n];
        ByteBuffer b = read(ch, at, 4 * n);
        b.asFloatBuffer().get(v);
        return v;
    }

    static int[] ints(FileChannel ch, long at, int n) throws IOException {
        int[] v = new int[n];
        read(ch, at, 4 * n).asIntBuffer().get(v);
        return v;
    }

    static double[] doubles(FileChannel ch, long at, int n) throws IOException {
        double[] v = new double[n];
        read(ch, at, 8 * n).asDoubleBuffer().get(v);
        return v;
    }

    private static ByteBuffer read(FileChannel ch, long at, int bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) throw new IOException("file ends at " + (at + b.position()) + " bytes, " + (at + bytes) + " expected");
        }
        return b.flip();
    }
}
