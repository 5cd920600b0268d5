package io.policyrt.controller.loop;

/**
 * How a {@link ControlLoop} runs.
 *
 * @param periodNanos          control period (timer mode), the policy's period (both modes) and
 *                             deadline per tick [ns]
 * @param spinMarginNanos      how long before a deadline the loop stops parking and spins [ns]
 * @param triggerMode          timer or on-message
 * @param triggerSlot          slot whose new values trigger ticks in on-message mode, and whose
 *                             arrivals timer mode locks its phase to (odometry, ...)
 * @param triggerTimeoutNanos  on-message: with no trigger for this long, tick anyway with a stop [ns]
 * @param phaseLock            timer mode: move the deadline to just after the trigger's arrivals
 *                             ({@link PhaseLock}); ignored in on-message mode
 * @param phaseLockMarginNanos timer mode: how long after the expected arrival the deadline falls,
 *                             before the lock adds twice the measured jitter [ns]
 */
public record LoopConfig(long periodNanos, long spinMarginNanos, TriggerMode triggerMode, String triggerSlot,
                         long triggerTimeoutNanos, boolean phaseLock, long phaseLockMarginNanos) {
    /** The phase lock's margin when none is configured [ns]. */
    public static final long DEFAULT_PHASE_LOCK_MARGIN_NANOS = 200_000L;

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
        if (phaseLockMarginNanos < 0 || phaseLockMarginNanos >= periodNanos / 2) {
            throw new IllegalArgumentException("phase lock margin must be in [0, period / 2), got " + phaseLockMarginNanos + " ns");
        }
    }

    /** With the phase lock on in timer mode, at the default margin (capped below a quarter period). */
    public LoopConfig(long periodNanos, long spinMarginNanos, TriggerMode triggerMode, String triggerSlot, long triggerTimeoutNanos) {
        this(periodNanos, spinMarginNanos, triggerMode, triggerSlot, triggerTimeoutNanos, triggerMode == TriggerMode.TIMER,
                Math.min(DEFAULT_PHASE_LOCK_MARGIN_NANOS, periodNanos / 4));
    }

    /** Whether timer mode locks its phase to the trigger sensor. */
    public boolean phaseLocked() {
        return phaseLock && triggerMode == TriggerMode.TIMER;
    }

    /**
     * The longest time between two commands of a healthy loop [ns], what a command sink's deadman
     * watches. Timer mode: the period, plus the phase lock's largest step ({@link
     * PhaseLock#maxStepNanos(long)}) when it is on. On-message mode: the trigger timeout, or the
     * period plus its tolerance if longer ({@link PolicyRateGate}: while triggers arrive, the policy
     * runs at least once per period plus a quarter period; without a trigger the loop waits up to
     * the trigger timeout before it ticks with a stop).
     */
    public long longestCommandIntervalNanos() {
        if (triggerMode == TriggerMode.TIMER) {
            return phaseLocked() ? periodNanos + PhaseLock.maxStepNanos(periodNanos) : periodNanos;
        }
        return Math.max(periodNanos + PolicyRateGate.maxToleranceNanos(periodNanos), triggerTimeoutNanos);
    }

    /** Timer mode at the given period with a 200 us spin margin (capped at a quarter period), phase lock on. */
    public static LoopConfig timer(long periodNanos) {
        return new LoopConfig(periodNanos, Math.min(200_000L, periodNanos / 4), TriggerMode.TIMER, "odometry", 5 * periodNanos);
    }

    /** This configuration with the phase lock switched on or off. */
    public LoopConfig withPhaseLock(boolean on) {
        return new LoopConfig(periodNanos, spinMarginNanos, triggerMode, triggerSlot, triggerTimeoutNanos, on, phaseLockMarginNanos);
    }
}
