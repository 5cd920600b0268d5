package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.MlpGraph.Activation;
import io.policyrt.controller.policy.mlp.MlpGraph.Dense;
import io.policyrt.controller.policy.mlp.MlpGraph.Elementwise;
import io.policyrt.controller.policy.mlp.MlpGraph.Slice;
import io.policyrt.controller.policy.mlp.MlpGraph.Stage;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * A recognised graph's stages as flat arrays in evaluation order (what each stage does and how
 * wide it is), read by every evaluator, so that the evaluators differ only in their arithmetic.
 */
final class StagePlan {
    static final int DENSE = 0;
    static final int ACTIVATION = 1;
    static final int SLICE = 2;

    final int inputSize;
    final int outputSize;
    /** {@link #DENSE}, {@link #ACTIVATION} or {@link #SLICE}, per stage. */
    final int[] kind;
    /** The stage's input width; for a slice, the first element it keeps. */
    final int[] inputs;
    /** The stage's output width. */
    final int[] outputs;
    /** The function of an activation stage; null for the others. */
    final Activation[] activations;
    private final MlpGraph graph;

    /** Fails when the graph's precision is not the one the evaluator computes in. */
    StagePlan(MlpGraph graph, MlpGraph.Precision precision) {
        if (graph.precision() != precision) {
            throw new IllegalArgumentException("a " + precision.name().toLowerCase(Locale.ROOT)
                    + " evaluator for a " + graph.precision() + " graph");
        }
        this.graph = graph;
        int n = graph.stages().size();
        inputSize = graph.inputSize();
        outputSize = graph.outputSize();
        kind = new int[n];
        inputs = new int[n];
        outputs = new int[n];
        activations = new Activation[n];
        int width = inputSize;
        for (int s = 0; s < n; s++) {
            Stage stage = graph.stages().get(s);
            inputs[s] = width;
            if (stage instanceof Dense) {
                kind[s] = DENSE;
            } else if (stage instanceof Elementwise) {
                kind[s] = ACTIVATION;
                activations[s] = ((Elementwise) stage).activation();
            } else {
                kind[s] = SLICE;
                inputs[s] = ((Slice) stage).start();
            }
            width = stage.outputSize();
            outputs[s] = width;
        }
    }

    int size() {
        return kind.length;
    }

    /** Stage s, which must be a dense layer. */
    Dense dense(int s) {
        return (Dense) graph.stages().get(s);
    }

    /** Stage s, which must be an activation. */
    Elementwise elementwise(int s) {
        return (Elementwise) graph.stages().get(s);
    }

    /**
     * The longest buffer any stage reads or writes, with each width first rounded up by
     * {@code padded} (to whole vectors for the vector code; unchanged for the scalar code).
     */
    int widest(IntUnaryOperator padded) {
        int max = padded.applyAsInt(inputSize);
        for (int width : outputs) {
            max = Math.max(max, padded.applyAsInt(width));
        }
        return max;
    }
}
