package io.policyrt.controller.policy.mlp;

/**
 * Evaluates one recognised {@link MlpGraph} on preallocated buffers: no allocation per call.
 * Not thread-safe: one evaluator per control thread.
 */
public interface MlpEvaluator {
    /**
     * @param observation float32 input, length {@link MlpGraph#inputSize()}
     * @param action      receives the float32 output, length {@link MlpGraph#outputSize()}
     */
    void evaluate(float[] observation, float[] action);

    /** What runs the arithmetic, e.g. "scalar" or "vector API, 16 x float32 lanes". */
    String implementation();
}
