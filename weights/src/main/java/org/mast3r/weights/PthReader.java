package org.mast3r.weights;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mast3r.common.BadInputException;

/**
 * A PyTorch zip checkpoint ({@code torch.save}, the format of the released DUSt3R/MASt3R .pth files),
 * read without Python and without executing anything: {@code <top>/data.pkl} goes through
 * {@link PickleReader} with the {@link TorchPickle} allow-list, each storage is the zip entry
 * {@code <top>/data/<key>}. The file is mapped once; a tensor is a view of its stored entry when it is
 * contiguous and aligned, else copied once. The top folder is taken from the zip (torch names it after the
 * file), never assumed to be {@code archive/}.
 */
public final class PthReader {
    private static final long MAX_PICKLE = 1L << 30;
    private static final Pattern TOP_PICKLE = Pattern.compile("([^/]+)/data\\.pkl");
    private static final String RESAVE = "is a legacy (non-zip) PyTorch checkpoint: re-save it with a current PyTorch "
            + "(torch.save(torch.load(f, weights_only=False), f)) and try again";

    /** The tensors (as a read-only table) and the model config, from the file or as given. */
    public record Opened(Safetensors tensors, ModelConfig config) {}

    private PthReader() {}

    /** True for a file this reader should open: a .pth/.pt name, or bytes that begin like a zip. */
    public static boolean isPth(Path file) {
        if (Files.isDirectory(file)) return false;
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".pth") || n.endsWith(".pt")) return true;
        try (var in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens the checkpoint; {@code configOrNull} overrides the config the file's args.model gives. */
    public static Opened open(Path file, ModelConfig configOrNull) {
        String subject = file.toString();
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            if (!ZipIndex.looksLikeZip(map)) {
                if (map.byteSize() >= 2 && (map.get(ValueLayout.JAVA_BYTE, 0) & 0xff) == 0x80) throw new BadInputException(subject, RESAVE);
                throw new BadInputException(subject, "is not a PyTorch zip checkpoint (no zip signature)");
            }
            ZipIndex zip = ZipIndex.read(subject, map);
            String top = topFolder(zip, subject);
            checkByteorder(zip, top, arena, subject);
            ZipIndex.Entry pklEntry = zip.entries().get(top + "data.pkl");
            MemorySegment pkl = zip.bytes(pklEntry, arena, MAX_PICKLE);
            if (ZipIndex.crc(pkl) != pklEntry.crc()) throw new BadInputException(subject, pklEntry.name() + " fails its CRC-32 check (corrupt file)");
            Object root = PickleReader.load(subject, pkl, new TorchPickle(subject, key -> {
                ZipIndex.Entry e = zip.entries().get(top + "data/" + key);
                return e == null ? -1 : e.size();
            }));
            Map<String, Py.Tensor> state = stateDict(root, subject);
            Safetensors table = table(file, arena, zip, top, state, map.byteSize());
            ModelConfig config = configOrNull != null ? configOrNull : PthConfig.fromArgsModel(argsModel(root, subject), subject);
            return new Opened(table, config);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new BadInputException(subject, "no such file");
        } catch (IOException e) {
            arena.close();
            throw new BadInputException(subject, "cannot read: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** The one folder holding data.pkl at the top of the zip. */
    private static String topFolder(ZipIndex zip, String subject) {
        List<String> tops = new ArrayList<>();
        for (String name : zip.entries().keySet()) {
            Matcher m = TOP_PICKLE.matcher(name);
            if (m.matches()) tops.add(m.group(1) + "/");
        }
        if (tops.size() != 1) throw new BadInputException(subject, tops.isEmpty() ? "zip has no <folder>/data.pkl: not a torch.save checkpoint" : "zip has several data.pkl folders " + tops);
        return tops.getFirst();
    }

    private static void checkByteorder(ZipIndex zip, String top, Arena arena, String subject) {
        ZipIndex.Entry e = zip.entries().get(top + "byteorder");
        if (e == null) return; // older writers omit it and are little-endian
        String order = new String(zip.bytes(e, arena, 16).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
        if (order.equals("big")) throw new BadInputException(subject, "stores big-endian tensors (only little-endian is read)");
        if (!order.equals("little")) throw new BadInputException(subject, "byteorder entry is neither little nor big");
    }

    /** ckpt['model'] (the release layout), or the top-level dict itself when it holds tensors only. */
    private static Map<String, Py.Tensor> stateDict(Object root, String subject) {
        if (!(root instanceof Py.Dict top)) throw new BadInputException(subject, "pickle holds a " + Py.typeName(root) + ", expected a dict");
        Object sd = top.containsKey("model") ? top.get("model") : top;
        if (!(sd instanceof Py.Dict d)) throw new BadInputException(subject, "'model' is a " + Py.typeName(sd) + ", expected a state dict");
        Map<String, Py.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : d.entrySet()) {
            if (!(e.getKey() instanceof String k)) throw new BadInputException(subject, "state dict key is a " + Py.typeName(e.getKey()));
            if (!(e.getValue() instanceof Py.Tensor t)) throw new BadInputException(subject, "state dict entry " + k + " is a " + Py.typeName(e.getValue()) + ", not a tensor");
            out.put(k, t);
        }
        if (out.isEmpty()) throw new BadInputException(subject, "state dict holds no tensors");
        return out;
    }

    private static String argsModel(Object root, String subject) {
        Object args = ((Py.Dict) root).get("args");
        Object model = args instanceof Py.Instance i ? i.attrs().get("model") : args instanceof Py.Dict d ? d.get("model") : null;
        if (!(model instanceof String s)) throw new BadInputException(subject, "has no args.model constructor string: pass --config");
        return s;
    }

    /**
     * Stored tensors by name. Names that view exactly the same bytes (tied weights) keep the alphabetically
     * first, and the others become {@code dropped -> kept} aliases, as save_pretrained records them.
     */
    private static Safetensors table(Path file, Arena arena, ZipIndex zip, String top, Map<String, Py.Tensor> state, long fileSize) {
        String subject = file.toString();
        Map<String, MemorySegment> storages = new HashMap<>();
        Map<Object, String> kept = new HashMap<>();
        Map<String, String> aliases = new TreeMap<>();
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (String name : new TreeMap<>(state).keySet()) {
            Py.Tensor t = state.get(name);
            Object identity = List.of(t.storage(), t.offset(), List.of(box(t.size())), List.of(box(t.stride())));
            String first = kept.putIfAbsent(identity, name);
            if (first != null) {
                aliases.put(name, first);
                continue;
            }
            MemorySegment storage = storages.computeIfAbsent(t.storage().key(),
                    k -> zip.bytes(zip.entries().get(top + "data/" + k), arena, Long.MAX_VALUE));
            tensors.put(name, new StoredTensor(name, t.storage().dtype(), t.size(), PthTensors.bytes(t, storage, arena)));
        }
        Map<String, StoredTensor> ordered = new LinkedHashMap<>();
        for (String name : state.keySet()) if (tensors.containsKey(name)) ordered.put(name, tensors.get(name));
        return Safetensors.of(file, arena, ordered, aliases, fileSize);
    }

    private static Long[] box(long[] v) {
        Long[] b = new Long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i];
        return b;
    }
}
