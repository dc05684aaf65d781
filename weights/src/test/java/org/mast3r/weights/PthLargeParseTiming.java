package org.mast3r.weights;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (the name matches no surefire pattern): run with -Dtest=PthLargeParseTiming to write
 * a flagship-sized .pth (the mast3r-vitl-512 layout, 2.75 GB of float32 zeros, storages 64-byte aligned as
 * torch.save aligns them, tied layer_rn names sharing storages) under java.io.tmpdir, time opening it, and
 * delete it.
 */
class PthLargeParseTiming {
    @Test
    void timeAFlagshipSizedPth() throws IOException {
        ModelConfig cfg = ModelConfig.fromJson(FixtureJson.read("mast3r-vitl-512", "config.json"), "config.json");
        CheckpointLayout layout = CheckpointLayout.of(cfg);
        Path dir = Files.createTempDirectory("pth-large");
        Path file = dir.resolve("MASt3R_flagship.pth");
        try {
            long t0 = System.nanoTime();
            write(file, layout);
            System.out.printf("wrote %s: %,d bytes in %.1f s%n", file, Files.size(file), (System.nanoTime() - t0) / 1e9);
            for (int run = 0; run < 3; run++) {
                long a = System.nanoTime();
                PthReader.Opened pth = PthReader.open(file, null);
                long b = System.nanoTime();
                pth.tensors().close();
                long c = System.nanoTime();
                try (Checkpoint ck = Checkpoint.open(file, null)) {
                    long d = System.nanoTime();
                    System.out.printf("run %d: PthReader.open %.1f ms, Checkpoint.open (with layout check) %.1f ms, %d tensors, %,d parameters, %d aliases%n",
                            run, (b - a) / 1e6, (d - c) / 1e6, ck.file().names().size(), ck.parameterCount(), ck.file().metadata().size());
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void write(Path file, CheckpointLayout layout) throws IOException {
        PickleBytes p = new PickleBytes().proto().op('}').mark().str("model").global("collections", "OrderedDict").op(')').op('R').mark();
        Map<String, String> keyOf = new HashMap<>();
        Map<String, Long> numel = new HashMap<>();
        int k = 0;
        for (CheckpointLayout.ParamSpec s : layout.params()) {
            String key = Integer.toString(k++);
            keyOf.put(s.name(), key);
            numel.put(key, s.elementCount());
            p.str(s.name()).tensor("FloatStorage", key, s.elementCount(), 0, s.shape(), strides(s.shape()));
        }
        for (Map.Entry<String, String> a : layout.aliases().entrySet()) {
            CheckpointLayout.ParamSpec s = layout.params().stream().filter(x -> x.name().equals(a.getValue())).findFirst().orElseThrow();
            String key = keyOf.get(a.getValue());
            p.str(a.getKey()).tensor("FloatStorage", key, s.elementCount(), 0, s.shape(), strides(s.shape()));
        }
        p.op('u').str("args").global("argparse", "Namespace").op(')').op(0x81).op('}').str("model")
                .str("AsymmetricMASt3R(enc_depth=24, dec_depth=12, enc_embed_dim=1024, dec_embed_dim=768, enc_num_heads=16, "
                        + "dec_num_heads=12, pos_embed='RoPE100', patch_embed_cls='ManyAR_PatchEmbed', img_size=(512, 512), "
                        + "head_type='catmlp+dpt', output_mode='pts3d+desc24', depth_mode=('exp', -inf, inf), conf_mode=('exp', 1, inf), "
                        + "desc_conf_mode=('exp', 0, inf), two_confs=True)")
                .op('s').op('b').str("epoch").integer(3).op('u');
        byte[] pickle = p.stop();
        String top = "MASt3R_flagship/";
        byte[] chunk = new byte[1 << 20];
        try (Counting out = new Counting(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)); ZipOutputStream z = new ZipOutputStream(out)) {
            entry(z, out, top + "data.pkl", pickle.length, crc(pickle, pickle.length));
            z.write(pickle);
            z.closeEntry();
            entry(z, out, top + "byteorder", 6, crc("little".getBytes(StandardCharsets.US_ASCII), 6));
            z.write("little".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
            for (int i = 0; i < k; i++) {
                long bytes = 4 * numel.get(Integer.toString(i));
                entry(z, out, top + "data/" + i, bytes, zeroCrc(bytes, chunk));
                for (long left = bytes; left > 0; left -= chunk.length) z.write(chunk, 0, (int) Math.min(chunk.length, left));
                z.closeEntry();
            }
        }
    }

    /** A stored entry whose data starts 64-byte aligned: torch.save pads the local extra field ("FB") the same way. */
    private static void entry(ZipOutputStream z, Counting out, String name, long size, long crc) throws IOException {
        z.flush();
        long base = out.count + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
        int pad = (int) ((64 - base % 64) % 64);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) pad;
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc);
        e.setExtra(extra);
        z.putNextEntry(e);
    }

    private static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    private static long crc(byte[] b, int n) {
        CRC32 c = new CRC32();
        c.update(b, 0, n);
        return c.getValue();
    }

    private static long zeroCrc(long n, byte[] zeros) {
        CRC32 c = new CRC32();
        for (long left = n; left > 0; left -= zeros.length) c.update(zeros, 0, (int) Math.min(zeros.length, left));
        return c.getValue();
    }

    /** Counts the bytes that reach the file, so the next local header's offset is known. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
