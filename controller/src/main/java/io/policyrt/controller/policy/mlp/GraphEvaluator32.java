package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.MlpGraph.Activation;
import io.policyrt.controller.policy.mlp.MlpGraph.Dense;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * Runs a float32 graph's stages in order on two preallocated buffers. A subclass brings the
 * arithmetic of the dense layers and activations and the weight layout it reads.
 */
abstract class GraphEvaluator32 implements MlpEvaluator {
    private final StagePlan plan;
    private final float[][] weights;
    private final float[][] biases;
    private final float[][] constants;
    private final float[] a;
    private final float[] b;

    /**
     * @param padded the buffer width a stage of width n needs: the bias is zero-padded to it
     * @param layout a dense layer's weights, rounded to float32, in the order {@link #dense} reads them
     */
    GraphEvaluator32(MlpGraph graph, IntUnaryOperator padded, Function<Dense, float[]> layout) {
        plan = new StagePlan(graph, MlpGraph.Precision.FLOAT32);
        int n = plan.size();
        weights = new float[n][];
        biases = new float[n][];
        constants = new float[n][];
        for (int s = 0; s < n; s++) {
            if (plan.kind[s] == StagePlan.DENSE) {
                Dense d = plan.dense(s);
                weights[s] = layout.apply(d);
                biases[s] = toFloats(d.bias(), padded.applyAsInt(d.outputSize()));
            } else if (plan.kind[s] == StagePlan.ACTIVATION) {
                double[] c = plan.elementwise(s).constants();
                constants[s] = toFloats(c, c.length);
            }
        }
        a = new float[plan.widest(padded)];
        b = new float[a.length];
    }

    /** v rounded to float32, zero-padded (or cut) to length. */
    static float[] toFloats(double[] v, int length) {
        float[] f = new float[length];
        for (int i = 0; i < Math.min(length, v.length); i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Override
    public final void evaluate(float[] observation, float[] action) {
        int[] kind = plan.kind;
        int[] inputs = plan.inputs;
        int[] outputs = plan.outputs;
        float[] x = a;
        float[] y = b;
        System.arraycopy(observation, 0, x, 0, plan.inputSize);
        for (int s = 0; s < kind.length; s++) {
            switch (kind[s]) {
                case StagePlan.DENSE:
                    dense(x, inputs[s], y, outputs[s], weights[s], biases[s]);
                    float[] t = x;
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
        System.arraycopy(x, 0, action, 0, plan.outputSize);
    }

    /** y[0, out) = the layer's weights w times x[0, in), plus the bias. */
    abstract void dense(float[] x, int in, float[] y, int out, float[] w, float[] bias);

    /** x[0, n) = activation(x[0, n)), with the activation's constants c. */
    abstract void activate(Activation activation, float[] c, float[] x, int n);
}
