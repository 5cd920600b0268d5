package io.policyrt.controller.testing;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import java.util.Arrays;

/**
 * A policy whose answer the test chooses: a fixed action, NaN, an exception, or whatever a
 * {@link Responder} computes. Counts its calls and keeps a copy of the last observation.
 * Configure before the loop starts or from the control thread; the counters are readable from any
 * thread.
 */
public final class FakePolicy implements Policy {
    /** Computes an action for one call; may throw to simulate a failing backend. */
    @FunctionalInterface
    public interface Responder {
        void act(float[] observation, float[] action);
    }

    private final PolicySpec spec;
    private final float[] lastObservation;
    private volatile float[] fixedAction;
    private volatile RuntimeException failure;
    private volatile Responder responder;
    private volatile long calls;
    private volatile boolean closed;

    public FakePolicy(PolicySpec spec) {
        this.spec = spec;
        this.lastObservation = new float[spec.observationSize()];
        this.fixedAction = new float[spec.actionSize()];
    }

    /** Answers every call with {@code action} (graph units: normalized or physical per the spec). */
    public FakePolicy returning(float... action) {
        if (action.length != spec.actionSize()) {
            throw new IllegalArgumentException("the spec has " + spec.actionSize() + " actions, got " + action.length);
        }
        this.fixedAction = action.clone();
        this.failure = null;
        this.responder = null;
        return this;
    }

    /** Answers every call with NaN in every action. */
    public FakePolicy returningNaN() {
        float[] nan = new float[spec.actionSize()];
        Arrays.fill(nan, Float.NaN);
        return returning(nan);
    }

    /** Throws {@code e} from every call. */
    public FakePolicy throwing(RuntimeException e) {
        this.failure = e;
        this.responder = null;
        return this;
    }

    /** Lets {@code r} compute every answer. */
    public FakePolicy respondingWith(Responder r) {
        this.responder = r;
        this.failure = null;
        return this;
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public void act(float[] observation, float[] action) {
        calls = calls + 1; // one control thread
        System.arraycopy(observation, 0, lastObservation, 0, lastObservation.length);
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        Responder r = responder;
        if (r != null) {
            r.act(observation, action);
            return;
        }
        System.arraycopy(fixedAction, 0, action, 0, action.length);
    }

    public long calls() {
        return calls;
    }

    /** Copy of the observation of the last call (control thread, or after the loop stopped). */
    public float[] lastObservation() {
        return lastObservation.clone();
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
