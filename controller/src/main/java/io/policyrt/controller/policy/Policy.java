package io.policyrt.controller.policy;

/** A deterministic actor: maps a normalized observation to the graph's action vector. */
public interface Policy extends AutoCloseable {
    PolicySpec spec();

    /**
     * Computes the action for one observation. Called on the control thread; must not retain the
     * arrays. Throws on failure; the loop turns any exception into a safe stop.
     *
     * @param observation normalized observation, length {@link PolicySpec#observationSize()}
     * @param action      receives the graph's output, length {@link PolicySpec#actionSize()}
     */
    void act(float[] observation, float[] action);

    /** What evaluates the policy and why it was chosen, for status and {@code policy inspect}. */
    default String backend() {
        return getClass().getSimpleName();
    }

    @Override
    void close();
}
