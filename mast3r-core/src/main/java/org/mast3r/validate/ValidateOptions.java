package org.mast3r.validate;

import java.nio.file.Path;

/**
 * What the user asked of {@code mast3r validate}; {@code weights} is null unless --weights was given,
 * {@code device} is {@code cpu} or {@code opencl[:N]};
 * {@code refine} adds the bundle adjustment where a fixture has ground truth to measure it against (multiview).
 */
public record ValidateOptions(int threads, Path weights, String device, boolean refine) {
    public ValidateOptions(int threads, Path weights) {
        this(threads, weights, "cpu", false);
    }

    public ValidateOptions(int threads, Path weights, String device) {
        this(threads, weights, device, false);
    }
}
