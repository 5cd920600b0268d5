package io.policyrt.controller.telemetry;

/**
 * Whoever wants to see every tick (a flight recorder): {@link io.policyrt.controller.loop.ControlTick}
 * calls {@link #onTick} once at the end of each tick, after the command was handed to the sink,
 * with the tick's {@link TickRecord}. Without a tap nothing is filled and nothing is called.
 *
 * <p>Contract: called on the control thread. It must not block, must not allocate in steady state
 * and must not keep the record (the tick refills it next time): copy what it needs into storage of
 * its own (a preallocated slot of a bounded ring) and hand that to another thread. When it cannot
 * take the record (the ring is full) it drops it and counts the drop. An exception it throws is
 * caught and counted by the tick and never stops the loop.
 */
@FunctionalInterface
public interface TickTap {
    /** The tick that just ended; valid only during this call. Control thread. */
    void onTick(TickRecord record);

    /**
     * One tap that hands each tick to {@code first}, then to {@code second} (a recorder and a
     * metrics endpoint share the tick's one slot); either may be null. Allocates once, here; the
     * combined call allocates nothing. An exception from {@code first} skips {@code second} for
     * that tick (the tick counts it as one tap failure).
     */
    static TickTap both(TickTap first, TickTap second) {
        if (first == null) {
            return second;
        }
        if (second == null) {
            return first;
        }
        return record -> {
            first.onTick(record);
            second.onTick(record);
        };
    }
}
