package org.mast3r.scene;

import org.mast3r.common.Fixtures;
import org.mast3r.weights.Safetensors;

/** multiview/outputs.safetensors: the reference sparse global alignment's intermediates and results. */
public final class MultiviewOutputs {
    private MultiviewOutputs() {}

    public static Safetensors open() {
        return Safetensors.open(Fixtures.file("multiview", "outputs.safetensors"));
    }
}
