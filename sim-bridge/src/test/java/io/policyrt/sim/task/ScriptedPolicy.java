package io.policyrt.sim.task;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;

/** A policy whose next action is set from outside before each tick (a recorded or scripted action). */
final class ScriptedPolicy implements Policy {
    private final PolicySpec spec;
    private float v;
    private float w;

    ScriptedPolicy(PolicySpec spec) {
        this.spec = spec;
    }

    void set(float vAction, float wAction) {
        v = vAction;
        w = wAction;
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public void act(float[] observation, float[] action) {
        action[0] = v;
        action[1] = w;
    }

    @Override
    public void close() {
    }
}
