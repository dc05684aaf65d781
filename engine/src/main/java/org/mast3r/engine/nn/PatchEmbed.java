package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/** Conv p x p stride p from RGB to tokens, flattened row-major over the patch grid. */
// ref: naver/croco d7de070 models/blocks.py PatchEmbed.forward (proj, flatten(2).transpose(1, 2))
public final class PatchEmbed {
    private final Backend backend;
    private final Conv2d proj;
    private final int patch;

    public PatchEmbed(Weights w, int patch, int dim) {
        this.backend = w.backend();
        this.proj = new Conv2d(w.at("proj"), 3, dim, patch, patch, 0, true);
        this.patch = patch;
    }

    /** img [3, H, W] -> tokens [(H/p)(W/p), E] */
    public Tensor forward(Tensor img) {
        try (Scope s = backend.scope()) {
            Tensor grid = proj.forward(img);                          // [E, H/p, W/p]
            return s.keep(backend.imageToTokens(grid));               // [N, E]
        }
    }

    public int patch() {
        return patch;
    }
}
