package io.policyrt.controller.loop;

import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ControlTick}s on a dedicated thread, by timer or on trigger messages.
 *
 * <p>Timer mode keeps absolute deadlines ({@code next += period}); when a tick overruns, the
 * whole missed periods are counted and skipped, never run as a burst of catch-up ticks. With the
 * phase lock on ({@link LoopConfig#phaseLock()}), {@link PhaseLock} moves each deadline by at most
 * a tenth of a period so that ticks fall just after the trigger sensor's arrivals; when the sensor
 * is irregular the loop keeps its phase and runs free.
 *
 * <p>On-message mode ticks when the trigger slot gets a new value, at most at the policy's period
 * ({@link PolicyRateGate}): a trigger that arrives less than one period after the last policy
 * tick is held (no tick) until the next one that does, or until one period plus the
 * tolerance has passed, and the policy then runs on the freshest message. A tick that ends more
 * than one period after its trigger is an overrun; trigger values overwritten before the loop
 * looked at them are counted as missed, those it held as held. When the trigger is silent for the
 * odometry timeout (or the trigger timeout, if shorter) the loop ticks at the period, so the
 * governor's input timeouts still apply; once it is silent for the trigger timeout those ticks
 * command a stop until it returns.
 *
 * <p>{@link #start()} and {@link #stop()} may be called from any thread; stopping sends one last
 * stop command from the loop thread before it exits.
 *
 * <p>A throwable that escapes a tick ends the loop: it is logged, kept as {@link #failure()} (the
 * runtime stops and says why), and the loop's final stop tick still runs. Should that final tick
 * fail too, the thread's uncaught-exception handler logs it and hands the sink a plain zero.
 */
public final class ControlLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);

    private final ControlTick tick;
    private final LoopConfig config;
    private final NanoClock clock;
    private final ParkThenSpinWaiter waiter;
    private final LatestValue<?> trigger;
    /** Timer mode with the phase lock on; null otherwise. */
    private final PhaseLock phaseLock;
    private final PolicyRateGate policyRate;
    private final RateLimitedLog overrunLog = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));
    private final BooleanSupplier stopRequested = this::isStopRequested;
    /** Run in the spin window before each timer deadline: the next act finds the policy warm. */
    private final Runnable warmPolicy;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile long overruns;
    private volatile long missedTriggers;
    private volatile long heldTriggers;
    private volatile Throwable failure;

    /** {@code clock} must be a real clock (deadlines are waited for): use a lock-step driver for simulated time. */
    public ControlLoop(ControlTick tick, LoopConfig config, NanoClock clock, SensorSlots slots) {
        this.tick = tick;
        this.config = config;
        this.clock = clock;
        this.waiter = new ParkThenSpinWaiter(clock, config.spinMarginNanos());
        this.trigger = slots.byName(config.triggerSlot());
        this.phaseLock = config.phaseLocked()
                ? new PhaseLock(config.triggerSlot(), config.periodNanos(), config.phaseLockMarginNanos()) : null;
        this.policyRate = new PolicyRateGate(config.triggerSlot(), config.periodNanos());
        this.warmPolicy = tick::warmPolicy;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("control loop already started");
        }
        running = true;
        Thread t = new Thread(this::runLoop, "policyrt-control");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.setUncaughtExceptionHandler(this::controlThreadDied);
        thread = t;
        t.start();
    }

    /** Stops the loop, waits for its final stop command, and returns. Idempotent. */
    public void stop() {
        Thread t;
        synchronized (this) {
            t = thread;
            running = false;
        }
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.error("control thread did not stop within 5 s");
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean isStopRequested() {
        return !running;
    }

    private void runLoop() {
        try {
            if (config.triggerMode() == TriggerMode.TIMER) {
                runTimer();
            } else {
                runOnMessage();
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("control loop failed; stopping the robot", t);
        } finally {
            trigger.wakeOnPublish(null);
            tick.run(false, true);
        }
    }

    /** The control thread's last word: log the cause, try a zero that bypasses the broken tick. */
    private void controlThreadDied(Thread t, Throwable e) {
        if (failure == null) {
            failure = e;
        }
        LOG.error("control thread {} died; handing the command sink a zero", t.getName(), e);
        tick.sendZero();
    }

    private void runTimer() {
        long period = config.periodNanos();
        if (phaseLock != null) {
            LOG.info("timer mode: {} us period, phase lock on: learning when '{}' arrives", period / 1_000, config.triggerSlot());
        } else {
            LOG.info("timer mode: {} us period, phase lock off", period / 1_000);
        }
        long next = clock.nanoTime() + period;
        while (running) {
            waiter.awaitUntil(next, stopRequested, warmPolicy);
            if (!running) {
                break;
            }
            tick.timing().record(LoopMetric.WAKE_LATENESS, clock.nanoTime() - next);
            tick.run();
            long shift = phaseLock == null ? 0 : phaseLock.afterTick(next, arrivalOnLoopClock(), trigger.publishCount());
            next += period + shift;
            long now = clock.nanoTime();
            if (now >= next) {
                long missed = (now - next) / period + 1;
                next += missed * period;
                overruns = overruns + missed;
                overrunLog.warn("control tick overran; missed periods skipped, total:", overruns);
            }
        }
    }

    /**
     * Arrival of the trigger value the last tick used, on the loop's clock [ns]; 0 before the
     * first. The slot stamps arrivals on its own monotonic clock; the loop's clock may count from
     * another origin (the epoch), so the two are compared now, once per tick.
     */
    private long arrivalOnLoopClock() {
        long arrival = trigger.latestArrivalNanos();
        return arrival == 0 ? 0 : arrival + (clock.nanoTime() - trigger.arrivalClock().nanoTime());
    }

    private void runOnMessage() {
        // Trigger timing uses System.nanoTime(), the base of LatestValue's publish times.
        long period = config.periodNanos();
        long timeout = config.triggerTimeoutNanos();
        long silentTickAfter = silentTickAfterNanos(config, tick.governor().limits().odometryTimeoutNanos());
        LOG.info("on-message mode: the policy runs at most once per {} us, on the freshest '{}' message",
                period / 1_000, config.triggerSlot());
        trigger.wakeOnPublish(Thread.currentThread());
        long seen = trigger.publishCount();
        boolean pending = false;
        long pendingPublishedNanos = 0;
        long lastTickNanos = System.nanoTime();
        while (running) {
            long count = trigger.publishCount();
            long now = System.nanoTime();
            if (count != seen) {
                if (count - seen > 1) {
                    missedTriggers = missedTriggers + (count - seen - 1);
                }
                if (pending) {
                    heldTriggers = heldTriggers + 1; // the pending one is superseded without having ticked
                }
                seen = count;
                pending = true;
                pendingPublishedNanos = trigger.lastPublishNanos();
                policyRate.triggerSeen(count, pendingPublishedNanos);
            }
            if (pending && policyRate.runsPolicy(pendingPublishedNanos, now)) {
                // On time: measured from the trigger; held past its due time: from that due time.
                long dueNanos = policyRate.dueNanos(pendingPublishedNanos);
                tick.timing().record(LoopMetric.WAKE_LATENESS, now - dueNanos);
                policyRate.policyTicked(now);
                pending = false;
                tick.run();
                lastTickNanos = System.nanoTime();
                if (lastTickNanos - dueNanos > period) {
                    overruns = overruns + 1;
                    overrunLog.warn("control tick finished more than one period after its trigger; overruns:", overruns);
                }
            } else if (!pending && now - lastTickNanos >= period
                    && (count == 0 || now - trigger.lastPublishNanos() >= silentTickAfter)) {
                // The trigger is silent: tick at the nominal period so that the governor's input
                // timeouts apply (stale odometry stops within its timeout, whatever the trigger
                // timeout), and command a stop once the trigger is overdue.
                boolean overdue = count == 0 || now - trigger.lastPublishNanos() >= timeout;
                policyRate.policyTicked(now);
                tick.run(overdue, false);
                lastTickNanos = System.nanoTime();
            } else {
                long wakeNanos = pending ? policyRate.pendingDueNanos() : lastTickNanos + period;
                LockSupport.parkNanos(Math.max(wakeNanos - now, 10_000L));
            }
        }
    }

    /**
     * On-message: how long the trigger may be silent before the loop ticks at the period anyway
     * [ns]: the trigger timeout, or the odometry timeout if shorter, so that stale odometry stops
     * the robot within its timeout (plus one period) even with a trigger timeout of a minute.
     */
    static long silentTickAfterNanos(LoopConfig config, long odometryTimeoutNanos) {
        return Math.min(config.triggerTimeoutNanos(), odometryTimeoutNanos);
    }

    public ControlTick tick() { return tick; }
    public LoopConfig config() { return config; }
    public boolean isRunning() { return running && thread != null && thread.isAlive(); }
    /** Periods skipped (timer) or ticks past their deadline (on-message). Any thread. */
    public long overruns() { return overruns; }
    /** On-message: trigger values overwritten before the loop looked at them. Any thread. */
    public long missedTriggers() { return missedTriggers; }
    /** On-message: trigger values the loop saw but did not tick for, as they came within the policy's period. Any thread. */
    public long heldTriggers() { return heldTriggers; }
    /** Timer mode's phase lock, or null when it is off or in on-message mode. Its state may be read from any thread (not synchronized: for status only). */
    public PhaseLock phaseLock() { return phaseLock; }
    /** On-message mode's policy rate. Control thread. */
    PolicyRateGate policyRate() { return policyRate; }
    /** What ended the loop against its will (an exception out of a tick), or null. Any thread. */
    public Throwable failure() { return failure; }
}
