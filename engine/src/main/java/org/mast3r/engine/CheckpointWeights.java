package org.mast3r.engine;

import java.nio.ByteOrder;
import org.mast3r.kernels.WeightType;
import org.mast3r.weights.Checkpoint;
import org.mast3r.weights.StoredTensor;

/**
 * {@link Weights} read from a loaded checkpoint and handed to a backend. F16/BF16 tensors go to the
 * backend as stored (a view of the mapped file), so a half-size checkpoint stays half-size in memory;
 * F32 ones as the checkpoint's float32 segment.
 */
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
        StoredTensor stored = checkpoint.view(full, shape);
        WeightType half = stored == null ? null : halfType(stored);
        if (half != null) return backend.param(full, stored.bytes(), half, shape);
        return backend.param(full, checkpoint.float32(full, shape), shape);
    }

    /**
     * The kernel type of a 16-bit tensor, or null to take the float32 path. Safetensors bytes are
     * little-endian and kernels read native order, so a big-endian machine widens through the checkpoint.
     */
    private static WeightType halfType(StoredTensor t) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) return null;
        return switch (t.dtype()) {
            case F16 -> WeightType.F16;
            case BF16 -> WeightType.BF16;
            default -> null;
        };
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
