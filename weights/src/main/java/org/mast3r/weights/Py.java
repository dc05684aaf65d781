package org.mast3r.weights;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python values a checkpoint pickle may build. Scalars are Java values: {@code Long} (int),
 * {@code Double} (float), {@code String} (str), {@code byte[]} (bytes, bytearray), {@code Boolean},
 * {@code null} (None); lists are {@code List<Object>}, sets {@link Set}. Nothing here runs code: a class is only a name ({@link Global}).
 */
final class Py {
    private Py() {}

    /** A tuple; a record so tuples compare and hash by value, as Python's do. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** A dict or collections.OrderedDict (insertion order kept); BUILD state lands in {@code attrs}. */
    static final class Dict extends LinkedHashMap<Object, Object> {
        final Map<String, Object> attrs = new LinkedHashMap<>();
    }

    /** A set or frozenset: its items in pickle order (never hashed, so no item can make hashing slow). */
    static final class Set extends ArrayList<Object> {
        Set() {}

        Set(Collection<?> items) {
            super(items);
        }
    }

    /** An instance of an allowed plain class (argparse.Namespace): its attributes. */
    record Instance(Global type, Map<String, Object> attrs) {}

    /** A module-level name the pickle referred to with GLOBAL, already checked against the allow-list. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** A storage of a torch zip checkpoint: the entry data/{@code key}, {@code numel} elements of {@code dtype}. */
    record Storage(DType dtype, String key, long numel) {}

    /** torch._utils._rebuild_tensor_v2's arguments: a strided view of a storage, in elements. */
    record Tensor(Storage storage, long offset, long[] size, long[] stride) {}

    /** Python's type name of a value, for error messages. */
    static String typeName(Object v) {
        if (v == null) return "None";
        if (v instanceof Long) return "int";
        if (v instanceof Double) return "float";
        if (v instanceof String) return "str";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Set) return "set";
        if (v instanceof List<?>) return "list";
        if (v instanceof byte[]) return "bytes";
        if (v instanceof Tuple) return "tuple";
        if (v instanceof Dict) return "dict";
        if (v instanceof Instance i) return i.type().toString();
        if (v instanceof Global g) return "global " + g;
        if (v instanceof Tensor) return "tensor";
        if (v instanceof Storage) return "storage";
        return v.getClass().getSimpleName();
    }
}
