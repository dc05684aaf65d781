package org.mast3r.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The activations one step of a forward pass makes: every tensor a backend op returns while this is the
 * innermost open scope of the calling thread is the scope's, and goes back to the backend when it closes.
 * Opened with try-with-resources ({@link Backend#scope}), so a step's temporaries die where its block ends;
 * a step's result outlives it only when handed on with {@link #keep}. Scopes nest per thread, so one
 * backend serves concurrent pairs, each thread with its own stack.
 */
public final class Scope implements AutoCloseable {
    private final ScopeStack stack;
    private final Scope parent;
    private final Thread thread = Thread.currentThread();
    private final List<Tensor> owned = new ArrayList<>();
    private boolean closed;

    Scope(ScopeStack stack, Scope parent) {
        this.stack = stack;
        this.parent = parent;
    }

    /** The scope this one was opened in, or null for the outermost. */
    Scope parent() {
        return parent;
    }

    void own(Tensor t) {
        owned.add(t);
    }

    /**
     * Hands t, made in this scope, to the enclosing one (from the outermost: to the caller, and then the
     * GC): the step's result. Returns t.
     */
    public Tensor keep(Tensor t) {
        check("keep");
        if (!disown(t)) throw new IllegalStateException(t + " was not made in this scope, so it cannot be kept from it");
        if (parent != null) parent.own(t);
        return t;
    }

    /**
     * Moves tensors from the enclosing scopes into this one, so that they die when it closes: the inputs
     * this step is the last to read (a decoder layer no head reads, say).
     */
    public void adopt(Tensor... ts) {
        check("adopt");
        for (Tensor t : ts) {
            if (owned.contains(t)) continue;
            Scope s = parent;
            while (s != null && !s.disown(t)) s = s.parent;
            if (s == null) throw new IllegalStateException(t + " belongs to no enclosing scope, so this one cannot adopt it");
            owned.add(t);
        }
    }

    /** Returns every tensor this scope still owns to the backend; its inner scopes must be closed already. */
    @Override
    public void close() {
        if (closed) return;
        check("close");
        closed = true;
        stack.pop(this);
        for (Tensor t : owned) stack.release(t);
        owned.clear();
    }

    /** Removes t (by identity) from this scope; whether it was here. */
    private boolean disown(Tensor t) {
        int i = owned.lastIndexOf(t);                     // Tensor has identity equality; a result is usually the last made
        if (i >= 0) owned.remove(i);
        return i >= 0;
    }

    private void check(String what) {
        if (closed) throw new IllegalStateException(what + ": the scope is closed");
        if (Thread.currentThread() != thread) throw new IllegalStateException(what + ": a scope belongs to the thread that opened it");
        if (stack.innermost() != this) throw new IllegalStateException(what + ": a scope opened inside this one is still open");
    }
}
