package io.policyrt.benchmarks;

import io.policyrt.controller.policy.Policy;
import java.util.SplittableRandom;

/**
 * One policy call per benchmark operation on a fixed set of random observations, cycled so the
 * inputs change from call to call; shared by the inference benchmarks so they measure the same call.
 */
final class PolicyCalls {
    /** Distinct observations cycled through. */
    private static final int OBSERVATIONS = 64;

    private final Policy policy;
    private final float[][] observations;
    private final float[] action;
    private int next;

    PolicyCalls(Policy policy) {
        this.policy = policy;
        int n = policy.spec().observationSize();
        SplittableRandom random = new SplittableRandom(7);
        observations = new float[OBSERVATIONS][n];
        for (float[] row : observations) {
            for (int i = 0; i < n; i++) {
                row[i] = (float) random.nextDouble(-2, 2);
            }
        }
        action = new float[policy.spec().actionSize()];
    }

    /** Runs the policy on the next observation; returns the action array it filled. */
    float[] act() {
        int i = next;
        next = (i + 1) & (OBSERVATIONS - 1);
        policy.act(observations[i], action);
        return action;
    }
}
