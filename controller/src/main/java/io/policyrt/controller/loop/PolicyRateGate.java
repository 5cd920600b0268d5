package io.policyrt.controller.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-message mode's policy rate: which trigger messages run the policy, so that it runs at the
 * period it was trained at, on the freshest message, whatever the trigger's rate.
 *
 * <p>A trigger runs the policy when it arrived at least one period, less a tolerance, after the
 * last policy tick started. One that arrives earlier is held: the loop does not tick for it
 * (the robot keeps the last command, which is at most one period old) and keeps it as the freshest
 * pending message. Should no trigger qualify by one period plus the tolerance after the last policy
 * tick, the loop ticks on the pending one then. So while triggers arrive, two policy ticks are at
 * least {@code period - tolerance} and at most {@code period + tolerance} apart (plus at most one
 * trigger interval when the trigger is slower than the policy), and when the trigger's period
 * divides the policy's (50 Hz odometry, a 10 Hz policy) the policy runs exactly at its period, on
 * every k-th message as it arrives.
 *
 * <p>The tolerance absorbs the trigger's jitter: half the trigger interval measured over the first
 * second, at most {@link #maxToleranceNanos(long) a quarter period} (the quarter period until
 * then). After that second the gate logs once whether the trigger rate and the policy period
 * agree, and if not what the policy does about it. A trigger that is not faster than the policy
 * (within 5 %) is not gated at all from then on: every message runs the policy as it arrives, so
 * transport jitter that bunches two messages never holds one back.
 *
 * <p>Single thread: the control thread. Times are {@link System#nanoTime()}, the base of the
 * trigger slot's publish times. Allocates nothing except when it logs.
 */
public final class PolicyRateGate {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyRateGate.class);

    /** How long the trigger rate is measured before it is judged [ns]. */
    static final long MEASURE_NANOS = 1_000_000_000L;
    /** Rates within this fraction count as agreeing. */
    static final double AGREEMENT = 0.05;
    private static final long NONE = Long.MIN_VALUE;

    private final String triggerName;
    private final long periodNanos;

    private long toleranceNanos;
    private long lastPolicyTickNanos = NONE;

    private long firstCount = NONE;
    private long firstPublishedNanos;
    private double triggerIntervalNanos = Double.NaN;
    private boolean gated = true;

    public PolicyRateGate(String triggerName, long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("policy period must be > 0 ns, got " + periodNanos);
        }
        this.triggerName = triggerName;
        this.periodNanos = periodNanos;
        this.toleranceNanos = maxToleranceNanos(periodNanos);
    }

    /** The largest tolerance [ns]: a quarter of the policy period. */
    public static long maxToleranceNanos(long periodNanos) {
        return periodNanos / 4;
    }

    /**
     * The loop saw the trigger's publish count change. Measures the trigger interval over the first
     * second and then logs once how it compares with the policy period.
     *
     * @param publishCount   the trigger slot's publish count
     * @param publishedNanos the newest publish time [ns, {@link System#nanoTime()}]
     */
    public void triggerSeen(long publishCount, long publishedNanos) {
        if (!Double.isNaN(triggerIntervalNanos)) {
            return;
        }
        if (firstCount == NONE) {
            firstCount = publishCount;
            firstPublishedNanos = publishedNanos;
            return;
        }
        long spanNanos = publishedNanos - firstPublishedNanos;
        if (spanNanos < MEASURE_NANOS || publishCount - firstCount < 2) {
            return;
        }
        triggerIntervalNanos = (double) spanNanos / (publishCount - firstCount);
        toleranceNanos = Math.min(Math.round(triggerIntervalNanos / 2), maxToleranceNanos(periodNanos));
        gated = periodNanos / triggerIntervalNanos > 1 + AGREEMENT;
        report();
    }

    private void report() {
        double triggerHz = 1e9 / triggerIntervalNanos;
        double policyHz = 1e9 / periodNanos;
        double perPeriod = periodNanos / triggerIntervalNanos;
        String rates = String.format("'%s' arrives at %.1f Hz, the policy's period is %.1f ms (%.1f Hz)",
                triggerName, triggerHz, periodNanos / 1e6, policyHz);
        if (Math.abs(perPeriod - 1) <= AGREEMENT) {
            LOG.info("on-message: {}: every message runs the policy", rates);
            return;
        }
        if (perPeriod < 1) {
            LOG.warn("on-message: {}: the trigger is slower than the policy, which runs on every message, at {} Hz "
                    + "instead of {} Hz", rates, String.format("%.1f", triggerHz), String.format("%.1f", policyHz));
            return;
        }
        long k = Math.round(perPeriod);
        if (Math.abs(perPeriod - k) <= AGREEMENT * k) {
            LOG.info("on-message: {}: the policy runs at its own period, on one message in {}; the messages in between "
                    + "do not tick", rates, k);
        } else {
            LOG.warn("on-message: {}: the policy period is not a whole number of trigger intervals; the policy runs on "
                    + "the first message at least {} ms after its last tick (or on the freshest one {} ms after it), so its rate varies around {} Hz", rates, String.format("%.1f", (periodNanos - toleranceNanos) / 1e6),
                    String.format("%.1f", (periodNanos + toleranceNanos) / 1e6), String.format("%.1f", policyHz));
        }
    }

    /**
     * Whether the freshest pending trigger runs the policy now.
     *
     * @param publishedNanos when that trigger was published [ns]
     * @param nowNanos       now [ns]
     */
    public boolean runsPolicy(long publishedNanos, long nowNanos) {
        return !gated || lastPolicyTickNanos == NONE
                || publishedNanos - lastPolicyTickNanos >= periodNanos - toleranceNanos
                || nowNanos - lastPolicyTickNanos >= periodNanos + toleranceNanos;
    }

    /**
     * When the policy tick for a trigger published at {@code publishedNanos} was due [ns]: its
     * publish time if it came a period (less the tolerance) after the last policy tick, else
     * {@link #pendingDueNanos()}.
     */
    public long dueNanos(long publishedNanos) {
        return !gated || lastPolicyTickNanos == NONE || publishedNanos - lastPolicyTickNanos >= periodNanos - toleranceNanos
                ? publishedNanos : pendingDueNanos();
    }

    /** When a pending trigger that does not run the policy yet will run it anyway [ns]; only after a policy tick. */
    public long pendingDueNanos() {
        return lastPolicyTickNanos + periodNanos + toleranceNanos;
    }

    /**
     * The loop ran the policy (on a trigger, or at the period while the trigger is silent).
     *
     * @param tickNanos when the tick started [ns]
     */
    public void policyTicked(long tickNanos) {
        lastPolicyTickNanos = tickNanos;
    }

    /** Whether triggers are held at all: false once the trigger has measured no faster than the policy. */
    public boolean gated() { return gated; }

    /** The current tolerance [ns]: a quarter of the period until the trigger interval is measured. */
    public long toleranceNanos() { return toleranceNanos; }

    /** The trigger interval measured over the first second [ns], or NaN before. */
    public double triggerIntervalNanos() { return triggerIntervalNanos; }
}
