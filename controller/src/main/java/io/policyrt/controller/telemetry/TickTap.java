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
     * The path the tick follows was set or changed: called before {@link #onTick} of the first tick
     * whose snapshot holds it (a path differs when its {@link io.policyrt.controller.domain.PathReference#id()}
     * does). Rare, but under the same contract as {@link #onTick}: copy what is needed into storage
     * of its own, never keep {@code path}. Does nothing unless overridden.
     *
     * @param tickIndex       the tick that first follows it
     * @param controllerNanos the controller's clock at that tick's start [ns]
     * @param monotonicNanos  {@link System#nanoTime()} at that tick's start [ns]
     */
    default void onPathChange(io.policyrt.controller.domain.PathReference path, long tickIndex, long controllerNanos,
                              long monotonicNanos) {
    }

    /**
     * One tap that hands each tick (and each path change) to {@code first}, then to {@code second}
     * (a recorder and a metrics endpoint share the tick's one slot); either may be null. Allocates
     * once, here; the combined calls allocate nothing. An exception from {@code first} skips
     * {@code second} for that call (the tick counts it as one tap failure).
     */
    static TickTap both(TickTap first, TickTap second) {
        if (first == null) {
            return second;
        }
        if (second == null) {
            return first;
        }
        return new TickTap() {
            @Override
            public void onTick(TickRecord record) {
                first.onTick(record);
                second.onTick(record);
            }

            @Override
            public void onPathChange(io.policyrt.controller.domain.PathReference path, long tickIndex,
                                     long controllerNanos, long monotonicNanos) {
                first.onPathChange(path, tickIndex, controllerNanos, monotonicNanos);
                second.onPathChange(path, tickIndex, controllerNanos, monotonicNanos);
            }
        };
    }
}
