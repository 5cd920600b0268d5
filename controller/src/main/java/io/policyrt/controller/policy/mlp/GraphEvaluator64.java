package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.MlpGraph.Activation;
import io.policyrt.controller.policy.mlp.MlpGraph.Dense;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * Runs a float64 graph's stages in order on two preallocated buffers, float32 in and out as the
 * graph casts: the result is rounded to float32 once, as the graph's final Cast does. A subclass
 * brings the arithmetic of the dense layers and activations and the weight layout it reads.
 */
abstract class GraphEvaluator64 implements MlpEvaluator {
    private final StagePlan plan;
    private final double[][] weights;
    private final double[][] biases;
    private final double[][] constants;
    private final double[] a;
    private final double[] b;

    /**
     * @param padded the buffer width a stage of width n needs: the bias is zero-padded to it
     * @param layout a dense layer's weights in the order {@link #dense} reads them
     */
    GraphEvaluator64(MlpGraph graph, IntUnaryOperator padded, Function<Dense, double[]> layout) {
        plan = new StagePlan(graph, MlpGraph.Precision.FLOAT64);
        int n = plan.size();
        weights = new double[n][];
        biases = new double[n][];
        constants = new double[n][];
        for (int s = 0; s < n; s++) {
            if (plan.kind[s] == StagePlan.DENSE) {
                Dense d = plan.dense(s);
                weights[s] = layout.apply(d);
                biases[s] = Arrays.copyOf(d.bias(), padded.applyAsInt(d.outputSize()));
            } else if (plan.kind[s] == StagePlan.ACTIVATION) {
                constants[s] = plan.elementwise(s).constants().clone();
            }
        }
        a = new double[plan.widest(padded)];
        b = new double[a.length];
    }

    @Override
    public final void evaluate(float[] observation, float[] action) {
        int[] kind = plan.kind;
        int[] inputs = plan.inputs;
        int[] outputs = plan.outputs;
        double[] x = a;
        double[] y = b;
        for (int i = 0; i < plan.inputSize; i++) {
            x[i] = observation[i];
        }
        for (int s = 0; s < kind.length; s++) {
            switch (kind[s]) {
                case StagePlan.DENSE:
                    dense(x, inputs[s], y, outputs[s], weights[s], biases[s]);
                    double[] t = x;
                    x = y;
                    y = t;
                    break;
                case StagePlan.ACTIVATION:
                    activate(plan.activations[s], constants[s], x, outputs[s]);
                    break;
                default: // SLICE: inputs[s] holds the start
                    System.arraycopy(x, inputs[s], x, 0, outputs[s]);
            }
        }
        for (int j = 0; j < plan.outputSize; j++) {
            action[j] = (float) x[j];
        }
    }

    /** y[0, out) = the layer's weights w times x[0, in), plus the bias. */
    abstract void dense(double[] x, int in, double[] y, int out, double[] w, double[] bias);

    /** x[0, n) = activation(x[0, n)), with the activation's constants c. */
    abstract void activate(Activation activation, double[] c, double[] x, int n);
}
