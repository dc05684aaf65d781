package org.mast3r.scene.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Checks a graph's tape gradients against central finite differences. The graph's output, of any shape, is
 * reduced to loss = sum(out * w) with fixed random weights w, so each output element counts with its own weight.
 */
final class GradCheck {
    static final double STEP = 1e-6;
    static final double TOLERANCE = 1e-6;

    private GradCheck() {}

    /** A leaf's starting value, [value.length / cols, cols]; a constant leaf must come back with no gradient. */
    record Input(double[] value, int cols, boolean requiresGrad) {
        static Input param(double[] value, int cols) {
            return new Input(value, cols, true);
        }

        static Input constant(double[] value, int cols) {
            return new Input(value, cols, false);
        }
    }

    @FunctionalInterface
    interface Graph {
        Var build(Tape tape, List<Var> leaves);
    }

    /** n uniform values in [lo, hi). */
    static double[] uniform(Random rng, int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return x;
    }

    /** n values of magnitude in [lo, hi) and random sign. */
    static double[] signed(Random rng, int n, double lo, double hi) {
        double[] x = uniform(rng, n, lo, hi);
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextBoolean() ? x[i] : -x[i];
        }
        return x;
    }

    /** Builds the graph once with gradients and checks every parameter's gradient element by finite differences. */
    static void check(String name, Graph graph, Input... inputs) {
        Tape tape = new Tape();
        List<Var> leaves = new ArrayList<>();
        for (Input in : inputs) {
            leaves.add(tape.leaf(in.value().clone(), in.cols(), in.requiresGrad()));
        }
        Var out = graph.build(tape, leaves);
        double[] w = uniform(new Random(out.value().length), out.value().length, -1, 1);
        Var loss = tape.dot(out, tape.constant(w));
        tape.backward(loss);
        assertEquals(loss.item(), loss(graph, w, inputs), 1e-12 * Math.max(1, Math.abs(loss.item())),
                name + ": the loss depends on which leaves require gradients");

        for (int k = 0; k < inputs.length; k++) {
            double[] grad = leaves.get(k).grad();
            if (!inputs[k].requiresGrad()) {
                assertNull(grad, name + ": constant input " + k + " got a gradient");
                continue;
            }
            double[] x = inputs[k].value();
            for (int i = 0; i < x.length; i++) {
                double saved = x[i];
                x[i] = saved + STEP;
                double up = loss(graph, w, inputs);
                x[i] = saved - STEP;
                double down = loss(graph, w, inputs);
                x[i] = saved;
                double numeric = (up - down) / (2 * STEP);
                double err = Math.abs(grad[i] - numeric) / Math.max(1, Math.abs(numeric));
                assertTrue(err < TOLERANCE, name + ": input " + k + " element " + i + " tape " + grad[i]
                        + " vs finite difference " + numeric);
            }
        }
    }

    /** The same loss on a fresh tape where every leaf is a constant. */
    private static double loss(Graph graph, double[] w, Input... inputs) {
        Tape tape = new Tape();
        List<Var> leaves = new ArrayList<>();
        for (Input in : inputs) {
            leaves.add(tape.leaf(in.value().clone(), in.cols(), false));
        }
        Var out = graph.build(tape, leaves);
        assertEquals(w.length, out.value().length);
        return tape.dot(out, tape.constant(w)).item();
    }
}
