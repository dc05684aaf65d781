package org.mast3r.weights;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.mast3r.common.BadInputException;

/**
 * The shape of a loaded pickle value as a tree, measured without recursion: how deep it nests, and how
 * many items a walk from the root meets when shared references are followed every time (what a
 * recursive printer or converter would do). Each container is measured once, so the walk is linear in
 * what the pickle built even when the tree it stands for is exponential (billion laughs). A value that
 * contains itself is refused: no checkpoint needs one.
 */
final class PickleWalk {
    /** A container being walked: its children left, the deepest nesting and the items met below it. */
    private static final class Frame {
        final Object node;
        final Iterator<Object> children;
        long height, reached;

        Frame(Object node) {
            this.node = node;
            this.children = children(node);
        }
    }

    private PickleWalk() {}

    static void check(Object root, PickleBudget budget, String subject) {
        if (!isContainer(root)) return;
        Map<Object, long[]> measured = new IdentityHashMap<>(); // container -> {height, reached}
        Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Frame> path = new ArrayDeque<>();
        path.push(new Frame(root));
        open.add(root);
        budget.nesting(1);
        while (!path.isEmpty()) {
            Frame f = path.peek();
            if (!f.children.hasNext()) {
                path.pop();
                open.remove(f.node);
                measured.put(f.node, new long[] {f.height, f.reached});
                if (!path.isEmpty()) met(path.peek(), f.height, f.reached, budget);
                continue;
            }
            Object c = f.children.next();
            if (!isContainer(c)) {
                budget.reached(++f.reached);
                continue;
            }
            long[] m = measured.get(c);
            if (m != null) {
                budget.nesting(path.size() + 1 + m[0]);
                met(f, m[0], m[1], budget);
            } else if (!open.add(c)) {
                throw new BadInputException(subject, "pickle value contains itself (a value of type " + Py.typeName(c) + " is inside its own items)");
            } else {
                budget.nesting(path.size() + 1);
                path.push(new Frame(c));
            }
        }
    }

    /** A container child of {@code f} with {@code height} levels of containers and {@code reached} items below itself. */
    private static void met(Frame f, long height, long reached, PickleBudget budget) {
        f.height = Math.max(f.height, height + 1);
        f.reached = Math.min(Long.MAX_VALUE - 1, f.reached + reached) + 1;
        budget.reached(f.reached);
    }

    private static boolean isContainer(Object o) {
        return o instanceof List<?> || o instanceof Py.Tuple || o instanceof Py.Dict || o instanceof Py.Instance;
    }

    /** Dict keys are scalars (checked as they are stored), so only values and attributes lead further. */
    @SuppressWarnings("unchecked")
    private static Iterator<Object> children(Object o) {
        return switch (o) {
            case List<?> l -> (Iterator<Object>) l.iterator();
            case Py.Tuple t -> t.items().iterator();
            case Py.Dict d -> Stream.concat(d.values().stream(), d.attrs.values().stream()).iterator();
            case Py.Instance i -> i.attrs().values().iterator();
            default -> Collections.emptyIterator();
        };
    }
}
