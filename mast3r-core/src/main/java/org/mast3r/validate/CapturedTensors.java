package org.mast3r.validate;

import java.util.HashMap;
import java.util.Map;
import org.mast3r.engine.Backend;
import org.mast3r.engine.Tensor;
import org.mast3r.model.Taps;

/** Taps that keep a host copy of every intermediate, by fixture name. */
final class CapturedTensors implements Taps {
    private final Backend backend;
    private final Map<String, float[]> values = new HashMap<>();

    CapturedTensors(Backend backend) {
        this.backend = backend;
    }

    @Override
    public void tensor(String name, Tensor t) {
        values.put(name, backend.download(t));
    }

    @Override
    public void ints(String name, int[] v, int... shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        values.put(name, f);
    }

    /** The captured values, or null when the model produced nothing under that name. */
    float[] get(String name) {
        return values.get(name);
    }

    void put(String name, float[] v) {
        values.put(name, v);
    }
}
