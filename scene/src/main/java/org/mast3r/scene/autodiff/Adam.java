package org.mast3r.scene.autodiff;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * torch.optim.Adam without weight decay or amsgrad, stepping parameter arrays in place. The moments and step
 * count of each parameter are keyed by its value array's identity, so keep passing the same array.
 */
// ref: pytorch v2.x torch/optim/adam.py _single_tensor_adam
public final class Adam {
    private static final class Moments {
        final double[] m;
        final double[] v;
        int step;

        Moments(int n) {
            m = new double[n];
            v = new double[n];
        }
    }

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<double[], Moments> state = new IdentityHashMap<>();

    public Adam(double beta1, double beta2, double eps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /**
     * One step with learning rate lr: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; t += 1;
     * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
     */
    public void step(double[] param, double[] grad, double lr) {
        if (grad.length != param.length) {
            throw new IllegalArgumentException(grad.length + " gradients for " + param.length + " parameters");
        }
        Moments s = state.computeIfAbsent(param, p -> new Moments(p.length));
        s.step++;
        double stepSize = lr / (1 - Math.pow(beta1, s.step));
        double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
        double w = 1 - beta1;
        for (int i = 0; i < param.length; i++) {
            // torch moves m with lerp(m, g, 1 - b1), which rounds this way
            s.m[i] = Math.abs(w) < 0.5 ? s.m[i] + w * (grad[i] - s.m[i]) : grad[i] - (grad[i] - s.m[i]) * (1 - w);
            s.v[i] = s.v[i] * beta2 + (1 - beta2) * grad[i] * grad[i];
            param[i] += -stepSize * s.m[i] / (Math.sqrt(s.v[i]) / bias2Sqrt + eps);
        }
    }
}
