package org.mast3r.engine;

import org.mast3r.weights.Checkpoint;

/** {@link Weights} read from a loaded checkpoint and handed to a backend. */
public final class CheckpointWeights implements Weights {
    private final Checkpoint checkpoint;
    private final Backend backend;
    private final String prefix;

    public CheckpointWeights(Checkpoint checkpoint, Backend backend) {
        this(checkpoint, backend, "");
    }

    private CheckpointWeights(Checkpoint checkpoint, Backend backend, String prefix) {
        this.checkpoint = checkpoint;
        this.backend = backend;
        this.prefix = prefix;
    }

    @Override
    public Param get(String name, long... shape) {
        String full = prefix + name;
        return backend.param(full, checkpoint.float32(full, shape), shape);
    }

    @Override
    public Weights at(String scope) {
        return new CheckpointWeights(checkpoint, backend, prefix + scope + ".");
    }

    @Override
    public Backend backend() {
        return backend;
    }
}
