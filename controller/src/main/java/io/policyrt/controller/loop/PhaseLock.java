package io.policyrt.controller.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timer mode's phase lock: learns when the trigger sensor arrives within the period and moves the
 * loop's deadline to just after it, so that a tick computes its command from a fresh input.
 *
 * <p>The period never changes: each period the next deadline may move by at most {@link
 * #maxStepNanos(long)} (a tenth of the period) earlier or later, so the time between two deadlines
 * stays within {@code period ± period / 10} and the deadman's longest command interval holds.
 *
 * <p>How the phase is learned. After each tick the loop reports the deadline it ran at, the
 * arrival time of the trigger value the tick used, and the trigger's publish count. A tick that
 * used a new value gives one sample: the lag from that arrival to the deadline. Its error is the
 * lag minus the target (the margin plus twice the measured jitter), taken modulo the spacing of
 * the arrivals within the period (the period divided by the arrivals per period, or the period when
 * the sensor is slower), so an arrival a little after the deadline reads as "move later", not as
 * "almost a period early". An alpha-beta tracker follows the error and how far it slides per
 * period (a sensor slightly off the period), and the mean absolute deviation of the samples from
 * what it expected is the jitter; while locked, each period moves the deadline by the expected
 * error, clamped to the step bound.
 *
 * <p>Falling back. Every window (one second, at least 16 periods) the publish count says how many
 * arrivals came per period. The lock holds only while the arrivals keep a phase it can follow (k
 * per period sliding by at most a tenth of their spacing per period, or one per k periods within
 * 2 %) and the jitter is at most a sixth of the period, or of the arrivals' spacing when several
 * come per period (three quarters of that to lock). Changes after the first are logged at most
 * once per 10 s, with a count. Otherwise the loop keeps its current phase and runs free at its fixed period until
 * the sensor is regular again. Each change (locked, free-running, and why) is logged once.
 *
 * <p>Single thread: the control thread. Times are on the loop's clock (the loop converts the
 * trigger slot's arrival times to it). Allocates nothing except when it logs a change of state.
 */
public final class PhaseLock {
    private static final Logger LOG = LoggerFactory.getLogger(PhaseLock.class);

    /** Where the lock stands. */
    public enum State {
        /** Not enough arrivals seen yet to decide; the loop runs at its start-up phase. */
        MEASURING,
        /** The deadline follows the trigger's arrivals. */
        LOCKED,
        /** The trigger is irregular, silent or at a rate that does not fit the period: fixed phase. */
        FREE_RUNNING
    }

    /** Samples needed before the lock decides. */
    static final int MIN_SAMPLES = 8;
    /** Rate mismatch tolerated between the trigger and a whole multiple or fraction of the loop rate. */
    static final double RATE_TOLERANCE = 0.02;
    /** The rate window [ns], at least {@link #MIN_WINDOW_PERIODS} periods. */
    static final long WINDOW_NANOS = 1_000_000_000L;
    static final int MIN_WINDOW_PERIODS = 16;
    /** Gain of the smoothed phase error once the first samples are in. */
    private static final int ERROR_SMOOTHING = 4;
    /** Gain of the jitter estimate once the first samples are in. */
    private static final int JITTER_SMOOTHING = 8;

    private final String triggerName;
    private final long periodNanos;
    private final long marginNanos;
    private final long maxStepNanos;
    private final long jitterLimitNanos;
    private final int windowPeriods;

    private State state = State.MEASURING;
    private boolean started;
    private long windowStartCount;
    private int windowPeriodsSeen;
    private int windowsEvaluated;
    private boolean rateFits;
    private double arrivalsPerPeriod;
    private long spacingNanos;

    private boolean haveArrival;
    private long lastArrivalNanos;
    private int samples;
    private double errorNanos;
    /** How far the arrivals' phase moves per period [ns], as tracked. */
    private double slideNanos;
    private double jitterNanos;
    private long locks;
    private long fallbacks;
    /** Changes of state after the first lock or fall-back are logged at most once per this [ns]. */
    private static final long RELOG_NANOS = 10_000_000_000L;
    private long lastLogNanos = Long.MIN_VALUE / 2;
    private long unlogged;

    /**
     * @param triggerName the trigger slot's name, for the log
     * @param periodNanos the loop's period [ns]
     * @param marginNanos how long after the expected arrival the deadline falls, before twice the jitter is added [ns]
     */
    public PhaseLock(String triggerName, long periodNanos, long marginNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be > 0 ns, got " + periodNanos);
        }
        if (marginNanos < 0 || marginNanos >= periodNanos / 2) {
            throw new IllegalArgumentException("phase lock margin must be in [0, period / 2), got " + marginNanos + " ns");
        }
        this.triggerName = triggerName;
        this.periodNanos = periodNanos;
        this.marginNanos = marginNanos;
        this.maxStepNanos = maxStepNanos(periodNanos);
        this.jitterLimitNanos = jitterLimitNanos(periodNanos);
        this.windowPeriods = (int) Math.max(MIN_WINDOW_PERIODS, (WINDOW_NANOS + periodNanos - 1) / periodNanos);
        this.spacingNanos = periodNanos;
    }

    /** The most one period's deadline moves, earlier or later [ns]: a tenth of the period. */
    public static long maxStepNanos(long periodNanos) {
        return periodNanos / 10;
    }

    /**
     * The jitter above which the lock falls back to free-running [ns]: a sixth of the period (or of
     * the arrivals' spacing). Beyond it, the margin plus twice the jitter approaches half the
     * spacing, the mean age of a free-running tick's input, and the lock no longer pays.
     */
    public static long jitterLimitNanos(long periodNanos) {
        return periodNanos / 6;
    }

    /**
     * Reports one tick and says where the next deadline goes. Control thread.
     *
     * @param deadlineNanos the deadline the tick ran at [ns]
     * @param arrivalNanos  arrival time of the trigger value the tick used [ns]; 0 while there is none
     * @param publishCount  the trigger slot's publish count, read after the tick
     * @return how far the next deadline moves beyond one period [ns]: negative is earlier; always
     *         within {@code ±maxStepNanos(period)}, and 0 unless locked
     */
    public long afterTick(long deadlineNanos, long arrivalNanos, long publishCount) {
        countArrivals(publishCount);
        if (arrivalNanos != 0 && (!haveArrival || arrivalNanos != lastArrivalNanos)) {
            haveArrival = true;
            lastArrivalNanos = arrivalNanos;
            sample(deadlineNanos - arrivalNanos);
        }
        decide();
        long step = 0;
        if (state == State.LOCKED) {
            // Aim at where the error will be next period (the slide included), within the bound.
            step = Math.max(-maxStepNanos, Math.min(maxStepNanos, Math.round(errorNanos + slideNanos)));
        }
        // Next period's expected error: this one's, plus the slide, less the deadline's step earlier.
        errorNanos = wrap(errorNanos + slideNanos - step);
        return -step;
    }

    private void countArrivals(long publishCount) {
        if (!started) {
            started = true;
            windowStartCount = publishCount;
            return;
        }
        if (++windowPeriodsSeen < windowPeriods) {
            return;
        }
        long arrivals = publishCount - windowStartCount;
        judgeRate(arrivals, windowPeriodsSeen);
        windowStartCount = publishCount;
        windowPeriodsSeen = 0;
        windowsEvaluated++;
    }

    /**
     * Whether {@code arrivals} in {@code periods} keep a phase the lock can follow: k arrivals per
     * period whose phase slides by at most a tenth of their spacing (and half a step) per period,
     * allowing for one arrival more or less in the window; or one arrival per k periods within 2 %.
     */
    private void judgeRate(long arrivals, int periods) {
        arrivalsPerPeriod = (double) arrivals / periods;
        if (arrivals == 0) {
            rateFits = false;
            return;
        }
        if (arrivals >= periods) {
            long k = Math.round(arrivalsPerPeriod);
            double spacing = periodNanos / arrivalsPerPeriod;
            // Each period the k-th arrival lands |P - k S| later or earlier than the last.
            double slideNanos = Math.abs(periodNanos - k * spacing);
            double countingNanos = spacing / periods;
            rateFits = slideNanos <= Math.min(spacing / 10, maxStepNanos / 2.0) + countingNanos;
            spacingNanos = periodNanos / k;
        } else {
            long k = Math.round((double) periods / arrivals);
            rateFits = Math.abs(periods - k * arrivals) <= k + RATE_TOLERANCE * periods;
            spacingNanos = periodNanos;
        }
        errorNanos = wrap(errorNanos);
    }

    /**
     * One arrival's lag: an alpha-beta tracker of the phase error and its slide per period (a
     * sensor a little off the period slides steadily; following the slide leaves no lag behind
     * it), and the jitter as the mean absolute deviation from what the tracker expected.
     */
    private void sample(long lagNanos) {
        double error = wrap(lagNanos - targetLagNanos());
        samples++;
        if (samples == 1) {
            errorNanos = error;
            return;
        }
        double deviation = wrap(error - errorNanos);
        double gain = Math.max(1.0 / samples, 1.0 / ERROR_SMOOTHING);
        errorNanos = wrap(errorNanos + gain * deviation);
        slideNanos += gain * gain / 2 * deviation;
        jitterNanos += (Math.abs(deviation) - jitterNanos) / Math.min(samples - 1, JITTER_SMOOTHING);
    }

    /** The lag from an arrival to the deadline the lock aims for [ns]: the margin plus twice the jitter. */
    public long targetLagNanos() {
        return marginNanos + Math.round(2 * jitterNanos);
    }

    /** {@code x} modulo the arrivals' spacing, into [-spacing / 2, spacing / 2). */
    private double wrap(double x) {
        double s = spacingNanos;
        double r = x - s * Math.floor(x / s);
        return r >= s / 2 ? r - s : r;
    }

    private void decide() {
        if (windowsEvaluated == 0) {
            return;
        }
        if (!rateFits) {
            fallBack(arrivalsPerPeriod == 0 ? "no arrivals in the last window"
                    : String.format("arrives %.2f times per period: its phase within the period slides too fast to follow",
                            arrivalsPerPeriod));
            return;
        }
        if (samples < MIN_SAMPLES) {
            return;
        }
        double limit = Math.min(jitterLimitNanos, spacingNanos / 6) * (state == State.LOCKED ? 1.0 : 0.75);
        if (jitterNanos > limit) {
            fallBack(String.format("arrival jitter %.0f us is above the limit of %.0f us", jitterNanos / 1e3, limit / 1e3));
        } else if (state != State.LOCKED) {
            state = State.LOCKED;
            locks++;
            if (quiet()) {
                return;
            }
            LOG.info("phase lock: locked onto '{}' ({}), jitter {} us; ticks follow its arrivals by about {} us (period {} us, "
                            + "at most {} us of phase per period)", triggerName, rateText(), Math.round(jitterNanos / 1e3),
                    targetLagNanos() / 1_000, periodNanos / 1_000, maxStepNanos / 1_000);
        }
    }

    private void fallBack(String why) {
        if (state == State.FREE_RUNNING) {
            return;
        }
        if (state == State.LOCKED) {
            fallbacks++;
        }
        state = State.FREE_RUNNING;
        if (quiet()) {
            return;
        }
        LOG.warn("phase lock: free-running at the fixed period: '{}' {}", triggerName, why);
    }

    /** Whether to leave this change of state out of the log (counted; said with the next one logged). */
    private boolean quiet() {
        long now = System.nanoTime();
        if (locks + fallbacks > 1 && now - lastLogNanos < RELOG_NANOS) {
            unlogged++;
            return true;
        }
        lastLogNanos = now;
        if (unlogged > 0) {
            LOG.info("phase lock: {} changes between locked and free-running in the last {} s (locked {} times, fell back {} "
                    + "times in all)", unlogged, RELOG_NANOS / 1_000_000_000L, locks, fallbacks);
            unlogged = 0;
        }
        return false;
    }

    private String rateText() {
        long k = Math.round(arrivalsPerPeriod);
        if (k >= 1) {
            return k == 1 ? "1 arrival per period" : k + " arrivals per period";
        }
        return "one arrival per " + Math.round(1 / arrivalsPerPeriod) + " periods";
    }

    public State state() { return state; }
    public boolean isLocked() { return state == State.LOCKED; }
    /** Smoothed jitter of the arrivals' phase [ns]. */
    public long jitterNanos() { return Math.round(jitterNanos); }
    /** Smoothed phase error still to correct [ns]: positive means the deadline is later than the target. */
    public long errorNanos() { return Math.round(errorNanos); }
    /** How often it has locked. */
    public long locks() { return locks; }
    /** How often it has fallen back from locked to free-running. */
    public long fallbacks() { return fallbacks; }
}
