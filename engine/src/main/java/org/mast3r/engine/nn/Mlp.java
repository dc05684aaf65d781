package org.mast3r.engine.nn;

import org.mast3r.engine.Backend;
import org.mast3r.engine.Scope;
import org.mast3r.engine.Tensor;
import org.mast3r.engine.Weights;

/** fc2(GELU(fc1(x))), GELU in its exact erf form. */
public final class Mlp {
    private final Backend backend;
    private final Linear fc1;
    private final Linear fc2;

    public Mlp(Weights w, int in, int hidden, int out) {
        this.backend = w.backend();
        this.fc1 = new Linear(w.at("fc1"), in, hidden);
        this.fc2 = new Linear(w.at("fc2"), hidden, out);
    }

    /** [N, in] -> [N, out] */
    public Tensor forward(Tensor x) {
        try (Scope s = backend.scope()) {
            Tensor h = fc1.forwardGelu(x);                            // [N, hidden]
            return s.keep(fc2.forward(h));                            // [N, out]
        }
    }

    /** residual += mlp(x) */
    public void forwardAdd(Tensor x, Tensor residual) {
        try (Scope _ = backend.scope()) {
            fc2.forwardAdd(fc1.forwardGelu(x), residual);             // the hidden [N, hidden] dies here
        }
    }
}
