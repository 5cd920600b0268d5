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

    /**
     * Brings the policy's weights and code back into the caches before a call, for loops that idle
     * between ticks (a 10 Hz loop parks 99% of the time and its next call would start cold). The
     * timer loop calls it at the start of the spin window before each deadline, on the control
     * thread. Allocates nothing and changes nothing {@link #act} returns; by default does nothing.
     */
    default void warmUp() {
    }

    /** What evaluates the policy and why it was chosen, for status and {@code policy inspect}. */
    default String backend() {
        return getClass().getSimpleName();
    }

    @Override
    void close();
}
