package io.policyrt.controller.loop;

/**
 * How a {@link ControlLoop} runs.
 *
 * @param periodNanos         control period (timer mode) and deadline per tick (both modes) [ns]
 * @param spinMarginNanos     how long before a deadline the loop stops parking and spins [ns]
 * @param triggerMode         timer or on-message
 * @param triggerSlot         slot whose new values trigger ticks in on-message mode (odometry, ...)
 * @param triggerTimeoutNanos on-message: with no trigger for this long, tick anyway with a stop [ns]
 */
public record LoopConfig(long periodNanos, long spinMarginNanos, TriggerMode triggerMode, String triggerSlot,
                         long triggerTimeoutNanos) {
    public LoopConfig {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("control period must be > 0 ns, got " + periodNanos);
        }
        if (spinMarginNanos < 0 || spinMarginNanos > periodNanos) {
            throw new IllegalArgumentException("spin margin must be in [0, period], got " + spinMarginNanos + " ns");
        }
        if (triggerTimeoutNanos <= 0) {
            throw new IllegalArgumentException("trigger timeout must be > 0 ns, got " + triggerTimeoutNanos);
        }
    }

    /**
     * The longest time between two commands of a healthy loop [ns], what a command sink's deadman
     * watches: the period in timer mode; in on-message mode the trigger timeout (or the period if
     * longer), since without a trigger the loop waits that long before it ticks with a stop.
     */
    public long longestCommandIntervalNanos() {
        return triggerMode == TriggerMode.TIMER ? periodNanos : Math.max(periodNanos, triggerTimeoutNanos);
    }

    /** Timer mode at the given period with a 200 us spin margin (capped at a quarter period). */
    public static LoopConfig timer(long periodNanos) {
        return new LoopConfig(periodNanos, Math.min(200_000L, periodNanos / 4), TriggerMode.TIMER, "odometry", 5 * periodNanos);
    }
}
