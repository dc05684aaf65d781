package org.mast3r.weights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.mast3r.common.BadInputException;

/**
 * The allow-list of a torch.save checkpoint pickle (what torch/serialization.py's pickler writes for a
 * dict of tensors plus argparse training arguments). Every other global is refused by name, so a
 * checkpoint can never make us run anything: {@code os.system}, {@code builtins.eval} and the like stop
 * the load with the file and the global named.
 * <ul>
 *   <li>{@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}</li>
 *   <li>{@code torch._utils._rebuild_parameter(tensor, requires_grad, hooks)}</li>
 *   <li>{@code torch.<T>Storage} for T in Float, Half, BFloat16, Double, Long, Int, Short, Char, Byte, Bool (only
 *       inside a persistent id {@code ('storage', type, key, location, numel)})</li>
 *   <li>{@code collections.OrderedDict()}, {@code argparse.Namespace} (NEWOBJ + BUILD; protocol 1 spells it
 *       {@code copy_reg._reconstructor(argparse.Namespace, __builtin__.object, None)} + BUILD),
 *       {@code builtins.set(list)} / {@code frozenset(list)} (protocols 1 and 2 spell {@code builtins} as
 *       {@code __builtin__} and {@code copyreg} as {@code copy_reg}, as pickle's fix_imports does)</li>
 * </ul>
 */
final class TorchPickle implements PickleHooks {
    static final Map<String, DType> STORAGES = Map.of(
            "FloatStorage", DType.F32, "HalfStorage", DType.F16, "BFloat16Storage", DType.BF16,
            "DoubleStorage", DType.F64, "LongStorage", DType.I64, "IntStorage", DType.I32,
            "ShortStorage", DType.I16, "CharStorage", DType.I8, "ByteStorage", DType.U8, "BoolStorage", DType.BOOL);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int MAX_DIMS = 64;

    private final String subject;
    private final ToLongFunction<String> entryBytes;
    private final Map<String, Py.Storage> storages = new HashMap<>();

    /** {@code entryBytes}: the size of the zip entry data/KEY, or -1 when there is none. */
    TorchPickle(String subject, ToLongFunction<String> entryBytes) {
        this.subject = subject;
        this.entryBytes = entryBytes;
    }

    @Override
    public Py.Global global(String module, String name) {
        boolean ok = switch (module) {
            case "torch._utils" -> name.equals("_rebuild_tensor_v2") || name.equals("_rebuild_parameter");
            case "torch" -> STORAGES.containsKey(name);
            case "collections" -> name.equals("OrderedDict");
            case "argparse" -> name.equals("Namespace");
            case "builtins", "__builtin__" -> name.equals("set") || name.equals("frozenset") || name.equals("object");
            case "copyreg", "copy_reg" -> name.equals("_reconstructor");
            default -> false;
        };
        if (!ok) throw new BadInputException(subject, "refused pickle global " + module + "." + name + " (not on the allow-list of tensor, container and argparse types)");
        return new Py.Global(module, name);
    }

    @Override
    public Object call(Py.Global f, Py.Tuple args) {
        switch (f.toString()) {
            case "torch._utils._rebuild_tensor_v2" -> {
                return tensor(args);
            }
            case "torch._utils._rebuild_parameter" -> {
                if (args.size() != 3 || !(args.get(0) instanceof Py.Tensor t)) throw bad("_rebuild_parameter expects (tensor, requires_grad, hooks)");
                return t;
            }
            case "collections.OrderedDict" -> {
                if (args.size() != 0) throw bad("OrderedDict is called with arguments");
                return new Py.Dict();
            }
            case "argparse.Namespace" -> {
                return newObject(f, args);
            }
            case "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset" -> {
                if (args.size() == 0) return new Py.Set();
                if (args.size() != 1 || !(args.get(0) instanceof List<?> l)) throw bad(f + " expects one list");
                return new Py.Set(l);
            }
            case "copyreg._reconstructor", "copy_reg._reconstructor" -> {
                // copyreg._reconstructor(cls, object, None) is object.__new__(cls): only for an allowed plain class
                if (args.size() != 3 || !(args.get(0) instanceof Py.Global cls) || !(args.get(1) instanceof Py.Global base)
                        || !base.name().equals("object") || args.get(2) != null) {
                    throw bad(f + " expects (class, object, None)");
                }
                return newObject(cls, new Py.Tuple(List.of()));
            }
            default -> throw bad("refused to call " + f);
        }
    }

    @Override
    public Object newObject(Py.Global cls, Py.Tuple args) {
        if (!cls.toString().equals("argparse.Namespace") || args.size() != 0) throw bad("refused to construct " + cls);
        return new Py.Instance(cls, new java.util.LinkedHashMap<>());
    }

    /** ('storage', torch.<T>Storage, key, location, numel): checked against the zip entry data/key. */
    @Override
    public Object persistentLoad(Object pid) {
        if (!(pid instanceof Py.Tuple t) || t.size() != 5 || !"storage".equals(t.get(0))) throw bad("persistent id is not ('storage', type, key, location, numel)");
        if (!(t.get(1) instanceof Py.Global g) || !g.module().equals("torch") || !STORAGES.containsKey(g.name())) throw bad("persistent id names no storage type");
        if (!(t.get(2) instanceof String key) || !KEY.matcher(key).matches()) throw bad("persistent id has a malformed storage key");
        if (!(t.get(4) instanceof Long numel) || numel < 0) throw bad("storage " + key + " declares a negative or non-integer size");
        DType dtype = STORAGES.get(g.name());
        Py.Storage s = new Py.Storage(dtype, key, numel);
        Py.Storage seen = storages.putIfAbsent(key, s);
        if (seen != null) {
            if (!seen.equals(s)) throw bad("storage " + key + " is declared twice with different types or sizes");
            return seen;
        }
        long have = entryBytes.applyAsLong(key);
        if (have < 0) throw bad("storage " + key + " has no data/" + key + " entry in the zip");
        if (numel > have / dtype.size()) {
            throw bad("storage " + key + " declares " + numel + " " + dtype + " elements but data/" + key + " holds only " + have + " bytes");
        }
        return s;
    }

    /** Checks the view lies inside its storage with exact arithmetic, so no later index can overflow. */
    private Py.Tensor tensor(Py.Tuple a) {
        if (a.size() < 6 || a.size() > 7) throw bad("_rebuild_tensor_v2 expects 6 or 7 arguments, got " + a.size());
        if (!(a.get(0) instanceof Py.Storage s)) throw bad("_rebuild_tensor_v2 is given a " + Py.typeName(a.get(0)) + ", not a storage");
        if (!(a.get(1) instanceof Long offset) || offset < 0) throw bad("tensor storage offset must be a non-negative int");
        long[] size = ints(a.get(2), "size"), stride = ints(a.get(3), "stride");
        if (size.length != stride.length) throw bad("tensor size and stride differ in length");
        try {
            long numel = 1, last = offset;
            for (int i = 0; i < size.length; i++) {
                numel = Math.multiplyExact(numel, size[i]);
                if (size[i] > 0) last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
            }
            if (numel > 0 && last >= s.numel() || numel == 0 && offset > s.numel()) {
                throw bad("tensor of size " + java.util.Arrays.toString(size) + " at offset " + offset + " runs past storage " + s.key() + " (" + s.numel() + " elements)");
            }
        } catch (ArithmeticException e) {
            throw bad("tensor of size " + java.util.Arrays.toString(size) + " overflows 64-bit indexing");
        }
        return new Py.Tensor(s, offset, size, stride);
    }

    private long[] ints(Object o, String what) {
        if (!(o instanceof Py.Tuple t) || t.size() > MAX_DIMS) throw bad("tensor " + what + " must be a tuple of at most " + MAX_DIMS + " ints");
        long[] v = new long[t.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(t.get(i) instanceof Long x) || x < 0) throw bad("tensor " + what + " must hold non-negative ints");
            else v[i] = x;
        }
        return v;
    }

    private BadInputException bad(String problem) {
        return new BadInputException(subject, problem);
    }
}
