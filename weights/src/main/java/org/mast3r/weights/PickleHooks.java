package org.mast3r.weights;

/**
 * What a pickle may reach outside plain data, decided by the caller: which globals exist, what calling
 * one builds, and what a persistent id stands for. An implementation refuses anything it does not know
 * by throwing a {@link BadInputException}; nothing is ever looked up by reflection or executed.
 */
interface PickleHooks {
    /** A global named by GLOBAL, STACK_GLOBAL or INST: the allowed global, or a refusal naming it. */
    Py.Global global(String module, String name);

    /** REDUCE, INST, OBJ: {@code callable(*args)}. */
    Object call(Py.Global callable, Py.Tuple args);

    /** NEWOBJ, NEWOBJ_EX without keywords: {@code cls.__new__(cls, *args)}. */
    Object newObject(Py.Global cls, Py.Tuple args);

    /** BINPERSID: the object a persistent id names. */
    Object persistentLoad(Object pid);
}
