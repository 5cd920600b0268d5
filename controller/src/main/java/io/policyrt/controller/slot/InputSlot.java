package io.policyrt.controller.slot;

/**
 * Where an inbound channel puts the values it admits: a {@link LatestValue} for sensors, or the
 * e-stop latch, which is the one input that acts on a refused message instead of ignoring it.
 *
 * @param <V> the domain value
 */
public interface InputSlot<V> {
    /**
     * Takes a value that passed every check of its channel. Any thread.
     *
     * @param source the sender as the transport tells senders apart (ROS 1 caller id, ROS 2
     *               writer GUID, MQTT topic or payload field); slots that do not care ignore it
     */
    void write(V value, String source);

    /** A message for this slot was refused (malformed, non-finite, ...): a fail-safe slot acts on it. Any thread. */
    default void refused(String source) {
    }

    /**
     * Whether values for this slot go through the stamp rules (validity, future, order, staleness).
     * The e-stop does not: an engage must never be dropped for its stamp.
     */
    default boolean stampRulesApply() {
        return true;
    }
}
