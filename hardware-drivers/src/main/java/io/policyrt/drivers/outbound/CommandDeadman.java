package io.policyrt.drivers.outbound;

/**
 * The command hand-off's deadman, WPILib's {@code MotorSafety} for a command stream: once the
 * control thread has handed over a first command, a silence of the armed window (N command
 * periods) since the last hand-over makes a zero due, and every further window of silence makes
 * another one due. A hand-over ends the silence.
 *
 * <p>{@link #arm} may be called from any thread; {@link #zeroDue} and {@link #nanosUntilDue}
 * belong to the publisher thread, which passes in the time of the last hand-over (taken by the
 * control thread on the same clock) and its own time. A zero is never due before a whole window
 * has passed since the last command.
 */
final class CommandDeadman {
    /** The hand-over time before the first command. */
    static final long NEVER = Long.MIN_VALUE;

    /** The armed window [ns]; 0 while disarmed. */
    private volatile long windowNanos;
    private long lastZeroNanos = NEVER;

    /**
     * @param periodNanos the longest time between two commands of a healthy loop [ns], &gt; 0
     * @param periods     how many periods may pass without a command, &ge; 1
     */
    void arm(long periodNanos, int periods) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("deadman period must be > 0 ns, got " + periodNanos);
        }
        if (periods < 1) {
            throw new IllegalArgumentException("deadman periods must be >= 1, got " + periods);
        }
        windowNanos = Math.multiplyExact(periodNanos, (long) periods);
    }

    /** The silence after which a zero is due [ns]; 0 while disarmed. Any thread. */
    long windowNanos() {
        return windowNanos;
    }

    /**
     * Publisher thread: whether a zero is due now; when it is, the next one is due a whole window
     * later (unless a command comes).
     *
     * @param lastHandOverNanos when the control thread last handed over a command, {@link #NEVER} before the first
     */
    boolean zeroDue(long lastHandOverNanos, long nowNanos) {
        long until = nanosUntilDue(lastHandOverNanos, nowNanos);
        if (until > 0) {
            return false;
        }
        lastZeroNanos = nowNanos;
        return true;
    }

    /** Publisher thread: how long until a zero is due [ns] (&le; 0: due); Long.MAX_VALUE when none can be. */
    long nanosUntilDue(long lastHandOverNanos, long nowNanos) {
        long window = windowNanos;
        if (window == 0 || lastHandOverNanos == NEVER) {
            return Long.MAX_VALUE;
        }
        return Math.max(lastHandOverNanos, lastZeroNanos) + window - nowNanos;
    }
}
