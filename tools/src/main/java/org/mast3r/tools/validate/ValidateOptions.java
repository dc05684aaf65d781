package org.mast3r.tools.validate;

import java.nio.file.Path;

/**
 * What the user asked of {@code mast3r validate}; {@code weights} is null unless --weights was given,
 * {@code device} is {@code cpu} or {@code opencl[:N]}.
 */
public record ValidateOptions(int threads, Path weights, String device) {
    public ValidateOptions(int threads, Path weights) {
        this(threads, weights, "cpu");
    }
}
