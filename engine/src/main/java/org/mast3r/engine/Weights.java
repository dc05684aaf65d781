package org.mast3r.engine;

/**
 * Where modules get their parameters: names as in the checkpoint, scoped by {@link #at(String)} so a
 * module reads its fields by their own names ({@code norm1.weight}) and loading follows field paths.
 */
public interface Weights {
    /** The parameter {@code name} under this scope, checked against {@code shape}. */
    Param get(String name, long... shape);

    /** The scope {@code prefix.} inside this one. */
    Weights at(String prefix);

    /** The backend the parameters live on. */
    Backend backend();
}
