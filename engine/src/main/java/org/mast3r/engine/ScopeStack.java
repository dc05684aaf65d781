package org.mast3r.engine;

import java.util.function.Consumer;

/**
 * A backend's open {@link Scope}s, one stack per thread, and what it does with a tensor whose scope closed
 * (the CPU pools its array). A tensor made while a thread has no scope open belongs to the caller alone and
 * is left to the GC: unit tests of single ops, or a caller that keeps its result.
 */
final class ScopeStack {
    private final ThreadLocal<Scope> innermost = new ThreadLocal<>();
    private final Consumer<Tensor> release;

    ScopeStack(Consumer<Tensor> release) {
        this.release = release;
    }

    /** A new innermost scope for the calling thread. */
    Scope open() {
        Scope s = new Scope(this, innermost.get());
        innermost.set(s);
        return s;
    }

    /** Gives a new tensor to the calling thread's innermost scope, if it has one; returns t. */
    Tensor own(Tensor t) {
        Scope s = innermost.get();
        if (s != null) s.own(t);
        return t;
    }

    Scope innermost() {
        return innermost.get();
    }

    void pop(Scope s) {
        if (s.parent() == null) innermost.remove();
        else innermost.set(s.parent());
    }

    void release(Tensor t) {
        release.accept(t);
    }
}
