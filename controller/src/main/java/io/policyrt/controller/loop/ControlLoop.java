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
 * Runs {@link ControlTick}s on a dedicated thread, by timer or on each trigger message.
 *
 * <p>Timer mode keeps absolute deadlines ({@code next += period}); when a tick overruns, the
 * whole missed periods are counted and skipped, never run as a burst of catch-up ticks.
 * On-message mode ticks as soon as the trigger slot gets a new value; a tick that ends more than
 * one period after its trigger is an overrun, trigger values overwritten before a tick saw them
 * are counted as missed. When the trigger is silent for the odometry timeout (or the trigger
 * timeout, if shorter) the loop ticks at the period, so the governor's input timeouts still
 * apply; once it is silent for the trigger timeout those ticks command a stop until it returns.
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
    private final RateLimitedLog overrunLog = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));
    private final BooleanSupplier stopRequested = this::isStopRequested;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile long overruns;
    private volatile long missedTriggers;
    private volatile Throwable failure;

    /** {@code clock} must be a real clock (deadlines are waited for): use a lock-step driver for simulated time. */
    public ControlLoop(ControlTick tick, LoopConfig config, NanoClock clock, SensorSlots slots) {
        this.tick = tick;
        this.config = config;
        this.clock = clock;
        this.waiter = new ParkThenSpinWaiter(clock, config.spinMarginNanos());
        this.trigger = slots.byName(config.triggerSlot());
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
        long next = clock.nanoTime() + period;
        while (running) {
            waiter.awaitUntil(next, stopRequested);
            if (!running) {
                break;
            }
            tick.timing().record(LoopMetric.WAKE_LATENESS, clock.nanoTime() - next);
            tick.run();
            next += period;
            long now = clock.nanoTime();
            if (now >= next) {
                long missed = (now - next) / period + 1;
                next += missed * period;
                overruns = overruns + missed;
                overrunLog.warn("control tick overran; missed periods skipped, total:", overruns);
            }
        }
    }

    private void runOnMessage() {
        // Trigger timing uses System.nanoTime(), the base of LatestValue's publish times.
        long period = config.periodNanos();
        long timeout = config.triggerTimeoutNanos();
        long silentTickAfter = silentTickAfterNanos(config, tick.governor().limits().odometryTimeoutNanos());
        trigger.wakeOnPublish(Thread.currentThread());
        long seen = trigger.publishCount();
        long lastTickNanos = System.nanoTime();
        while (running) {
            long count = trigger.publishCount();
            long now = System.nanoTime();
            if (count != seen) {
                if (count - seen > 1) {
                    missedTriggers = missedTriggers + (count - seen - 1);
                }
                seen = count;
                long publishedNanos = trigger.lastPublishNanos();
                tick.timing().record(LoopMetric.WAKE_LATENESS, now - publishedNanos);
                tick.run();
                lastTickNanos = System.nanoTime();
                if (lastTickNanos - publishedNanos > period) {
                    overruns = overruns + 1;
                    overrunLog.warn("control tick finished more than one period after its trigger; overruns:", overruns);
                }
            } else if (now - lastTickNanos >= period && (count == 0 || now - trigger.lastPublishNanos() >= silentTickAfter)) {
                // The trigger is silent: tick at the nominal period so that the governor's input
                // timeouts apply (stale odometry stops within its timeout, whatever the trigger
                // timeout), and command a stop once the trigger is overdue.
                boolean overdue = count == 0 || now - trigger.lastPublishNanos() >= timeout;
                tick.run(overdue, false);
                lastTickNanos = System.nanoTime();
            } else {
                LockSupport.parkNanos(Math.max(lastTickNanos + period - now, 10_000L));
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
    /** On-message: trigger values overwritten before a tick used them. Any thread. */
    public long missedTriggers() { return missedTriggers; }
    /** What ended the loop against its will (an exception out of a tick), or null. Any thread. */
    public Throwable failure() { return failure; }
}
