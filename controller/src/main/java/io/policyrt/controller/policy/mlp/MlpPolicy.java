package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyLoadException;
import io.policyrt.controller.policy.PolicySpec;

/**
 * A policy whose graph is a recognised MLP, evaluated in Java ({@link MlpEvaluator}): weights and
 * buffers allocated once at load, nothing allocated per call, no native call. Created by
 * {@code PolicyLoader} under {@code policy.backend: auto} or {@code java}.
 */
public final class MlpPolicy implements Policy {
    private final PolicySpec spec;
    private final MlpGraph graph;
    private final MlpEvaluator evaluator;
    private final String backend;
    /** The throwaway call of {@link #warmUp}: its own buffers, so that act's are never touched. */
    private final float[] warmObservation;
    private final float[] warmAction;

    /**
     * @param note why this backend runs the file (the load-time check), for {@link #backend()}
     * @throws PolicyLoadException when the graph's input or output width disagrees with the spec
     */
    public MlpPolicy(MlpGraph graph, MlpEvaluator evaluator, PolicySpec spec, String note) {
        String where = spec.source();
        if (graph.inputSize() != spec.observationSize()) {
            throw new PolicyLoadException(where + ": graph observation '" + graph.inputName() + "' has " + graph.inputSize()
                    + " values but the spec (policyrt.observation.features) names " + spec.observationSize()
                    + "; expected [1, " + spec.observationSize() + "]");
        }
        if (graph.outputSize() != spec.actionSize()) {
            throw new PolicyLoadException(where + ": graph action '" + graph.outputName() + "' has " + graph.outputSize()
                    + " values but the spec (policyrt.action.names) names " + spec.actionSize()
                    + "; expected [1, " + spec.actionSize() + "]");
        }
        this.spec = spec;
        this.graph = graph;
        this.evaluator = evaluator;
        this.warmObservation = new float[graph.inputSize()];
        this.warmAction = new float[graph.outputSize()];
        this.backend = "java MLP (" + graph.describe() + "; " + evaluator.implementation() + ")"
                + (note == null || note.isEmpty() ? "" : "; " + note);
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    public MlpGraph graph() {
        return graph;
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public void act(float[] observation, float[] action) {
        evaluator.evaluate(observation, action);
    }

    /** One throwaway evaluation: every weight is read, so the next act finds them in the caches. */
    @Override
    public void warmUp() {
        evaluator.evaluate(warmObservation, warmAction);
    }

    @Override
    public void close() {
        // nothing native to release
    }
}
