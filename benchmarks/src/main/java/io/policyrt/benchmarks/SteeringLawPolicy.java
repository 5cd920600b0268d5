package io.policyrt.benchmarks;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.sim.expert.TrackingTask;

/**
 * A policy computed in plain Java, for measuring the control tick without ONNX Runtime: a
 * constant cruise speed and a proportional steering law on the first two observation features
 * (lateral and heading error in {@link TrackingTask#FEATURES}). Allocation-free.
 */
public final class SteeringLawPolicy implements Policy {
    /** Normalized forward speed: 0.25 maps to 0.5 m/s on the task's [0, 0.8] m/s. */
    private static final float CRUISE = 0.25f;
    /** Normalized yaw rate per metre of lateral error. */
    private static final float LATERAL_GAIN = 1.0f;
    /** Normalized yaw rate per radian of heading error. */
    private static final float HEADING_GAIN = 0.8f;

    private final PolicySpec spec;

    /** Over the tracking task's spec (13 features, identity normalization, 20 ms period). */
    public SteeringLawPolicy() {
        this(TrackingTask.identitySpec("steering-law"));
    }

    public SteeringLawPolicy(PolicySpec spec) {
        if (spec.observationSize() < 2 || spec.actionSize() != 2) {
            throw new IllegalArgumentException("the steering law needs at least 2 features and 2 actions: " + spec.source());
        }
        this.spec = spec;
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public void act(float[] observation, float[] action) {
        float w = -LATERAL_GAIN * observation[0] - HEADING_GAIN * observation[1];
        action[0] = CRUISE;
        action[1] = w > 1f ? 1f : (w < -1f ? -1f : w);
    }

    @Override
    public void close() {
    }
}
