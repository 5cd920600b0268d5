package io.policyrt.drivers.outbound;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.controller.time.SystemNanoClock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one command path every transport's sink shares. {@link #send} only copies the command into
 * the latest-value slots of an {@link InProcessCommandSink} (no allocation, no lock, no I/O on the
 * control thread); a publisher thread wakes on each new command and lets the transport publish
 * it. If the publisher falls behind, older commands are skipped for the newest.
 *
 * <p><b>Deadman.</b> Once {@link #armDeadman armed} (the runtime does it before the loop starts),
 * when the control thread has handed over no command for N periods, the publisher thread writes
 * a zero into the same slots and publishes it, and again after every further N periods of
 * silence; each one is counted ({@link #deadmanZeros()}). Because the zero goes through the same
 * slots and the same thread as the loop's commands, an older command that was still pending is
 * overwritten by it, and one already published went out before it: an older non-zero command can
 * never arrive after the zero. Commands resume as soon as the loop hands over again.
 *
 * <p><b>Failures.</b> A {@link RuntimeException} out of {@link #publishPending} is caught, counted
 * as a failed publish and logged (at most once a second); the thread goes on. An {@link Error}
 * ends the thread: its uncaught-exception handler logs it, tries a zero, and from then on
 * {@link #send} throws (one preallocated exception), {@link #failure()} names the error and
 * {@link #deliverable()} is false, so that the runtime stops and says why.
 *
 * <p><b>Deliverable.</b> The publisher thread works out, after each round and at least every
 * 100 ms, whether commands can leave: the link is up ({@link #watchLink}), the thread is alive, and
 * fewer than N rounds in a row had a failed publish (a subclass reports one with
 * {@link #publishFailed()}). The governor reads the result, a volatile field, on the control
 * thread every tick and stops with {@code COMMANDS_BLOCKED} while it is false; its stop commands
 * keep coming, and the first one that leaves makes the sink deliverable again.
 *
 * <p><b>Close.</b> {@link #close} publishes what is pending (the loop's final stop) and then a
 * zero, even when nothing was pending, waits up to {@link #FINAL_ZERO_BOUND_MS} for the publisher
 * to have handed both to the transport, and ends the thread; a dead publisher's zero is tried on
 * the closing thread.
 *
 * <p>A subclass sets up its publishers and then calls {@link #start()} at the end of its
 * constructor, so the thread never sees a half-built sink.
 */
public abstract class HandOffCommandSink implements CommandSink {
    /** How long {@link #close} waits for the publisher to have sent the final zero [ms]. */
    public static final long FINAL_ZERO_BOUND_MS = 500;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final Logger LOG = LoggerFactory.getLogger(HandOffCommandSink.class);
    private static final BooleanSupplier ALWAYS_UP = () -> true;

    private final InProcessCommandSink slots = new InProcessCommandSink();
    private final LatestValue<WheelCommand> wheels = slots.wheels();
    private final LatestValue<VelocityCommand> velocity = slots.velocity();
    private final NanoClock clock;
    private final Thread publisher;
    private final CommandDeadman deadman = new CommandDeadman();
    private final WheelCommand zeroWheels = new WheelCommand();
    private final VelocityCommand zeroVelocity = new VelocityCommand();
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));
    private final RateLimitedLog deadmanLog = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));

    private volatile boolean running = true;
    private volatile boolean closed;
    private volatile boolean finalZeroTried;
    private volatile BooleanSupplier linkUp = ALWAYS_UP;
    private volatile int blockAfterFailedRounds = DEADMAN_PERIODS;
    private volatile boolean deliverable = true;
    private volatile Throwable failure;
    private volatile IllegalStateException refusal;
    private volatile long deadmanZeros;
    /** When the control thread last handed over a command, on {@link #clock}. */
    private volatile long lastHandOverNanos = CommandDeadman.NEVER;
    private volatile long publishFailures;
    /** Publisher thread: rounds in a row in which a publish failed. */
    private int failedRounds;
    private volatile SendTap sendTap;
    /** Publisher thread: when the current round took its commands ({@link System#nanoTime()}); 0 without a send tap. */
    private long roundStartNanos;

    /** @param threadName the publisher thread's name */
    protected HandOffCommandSink(String threadName) {
        this(threadName, SystemNanoClock.INSTANCE);
    }

    /**
     * @param threadName the publisher thread's name
     * @param clock      what the deadman measures silence with (a monotonic clock; tests inject one)
     */
    protected HandOffCommandSink(String threadName, NanoClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        publisher = new Thread(this::run, threadName);
        publisher.setDaemon(true);
        publisher.setUncaughtExceptionHandler(this::publisherDied);
        // send() publishes the wheels first and the velocity second: waking on the second alone
        // wakes the publisher once per tick, with both commands in place.
        velocity.wakeOnPublish(publisher);
    }

    /** Starts the publisher thread; the subclass calls it last in its constructor. */
    protected final void start() {
        publisher.start();
    }

    /**
     * Publisher thread: refreshes the slots it publishes (in the transport's order) and publishes
     * what is new; returns whether anything was. Reports each publish the transport refused with
     * {@link #publishFailed()}. A RuntimeException counts as a failed publish and the thread goes
     * on; an Error ends the thread (see the class comment).
     */
    protected abstract boolean publishPending(LatestValue<WheelCommand> wheels, LatestValue<VelocityCommand> velocity);

    /**
     * Publisher thread (from {@link #publishPending}): a command could not be published (not
     * connected, refused, queue full). N rounds in a row with one make the sink not deliverable
     * until a round succeeds.
     */
    protected final void publishFailed() {
        publishFailures = publishFailures + 1;
    }

    /**
     * Publisher thread, in {@link #publishPending}: call right before the transport's publish call
     * of a velocity command; returns its start for {@link #velocitySent} ({@link System#nanoTime()},
     * 0 while no {@link SendTap} is attached: nothing is timed then).
     */
    protected final long velocitySendStarts() {
        return sendTap == null ? 0 : System.nanoTime();
    }

    /** Publisher thread, in {@link #publishPending}: the velocity publish call started at {@code enteredNanos} returned. */
    protected final void velocitySent(VelocityCommand command, long enteredNanos) {
        SendTap t = sendTap;
        if (t != null && enteredNanos != 0) {
            t.onSent(command, roundStartNanos, enteredNanos, System.nanoTime());
        }
    }

    /**
     * Attaches the tap that sees each velocity command handed to the transport from now on (null:
     * none): the latency harness's per-hop timing. Any thread.
     */
    public final void sendTap(SendTap tap) {
        this.sendTap = tap;
    }

    /** After the publisher thread has ended in {@link #close}: release the transport's publishers. */
    protected void afterStop() {
    }

    /** Control thread: hands the command to the publisher thread and returns; throws once the publisher has died. */
    @Override
    public final void send(WheelCommand wheelCommand, VelocityCommand velocityCommand) {
        IllegalStateException refused = refusal;
        if (refused != null) {
            throw refused;
        }
        // Stamped before the command is in the slots: a deadman check in between sees a fresh
        // hand-over, never a new command with an old time.
        lastHandOverNanos = clock.nanoTime();
        slots.send(wheelCommand, velocityCommand); // the velocity's publish wakes the publisher thread
    }

    @Override
    public final void armDeadman(long periodNanos, int periods) {
        deadman.arm(periodNanos, periods);
        blockAfterFailedRounds = periods;
        LockSupport.unpark(publisher);
    }

    @Override
    public final void watchLink(BooleanSupplier up) {
        linkUp = Objects.requireNonNull(up, "linkUp");
        LockSupport.unpark(publisher);
    }

    @Override
    public final boolean deliverable() {
        return deliverable;
    }

    @Override
    public final Throwable failure() {
        return failure;
    }

    @Override
    public final long deadmanZeros() {
        return deadmanZeros;
    }

    private void run() {
        while (running) {
            boolean any = publishRound();
            long now = clock.nanoTime();
            if (deadman.zeroDue(lastHandOverNanos, now)) {
                deadmanZeros = deadmanZeros + 1;
                deadmanLog.warn("no command from the control loop within the deadman window: published a zero; deadman zeros:",
                        deadmanZeros);
                publishZero(now);
            }
            updateDeliverable();
            if (!any) {
                LockSupport.parkNanos(Math.max(MIN_PARK_NANOS, Math.min(IDLE_PARK_NANOS, deadman.nanosUntilDue(lastHandOverNanos, now))));
            }
        }
        publishRound(); // the loop's final stop command, if still pending
        publishZero(clock.nanoTime());
        finalZeroTried = true;
    }

    /** One call of {@link #publishPending} with its outcome counted; returns whether anything was published. */
    private boolean publishRound() {
        long failuresBefore = publishFailures;
        roundStartNanos = sendTap == null ? 0 : System.nanoTime();
        boolean any;
        try {
            any = publishPending(wheels, velocity);
        } catch (RuntimeException e) {
            any = true;
            publishFailed();
            failureLog.warn("publishing a command threw:", e.toString());
        }
        if (any) {
            failedRounds = publishFailures == failuresBefore ? 0 : failedRounds + 1;
        }
        return any;
    }

    /** Writes a zero into the command slots (overwriting anything older still pending) and publishes it. */
    private void publishZero(long nowNanos) {
        wheels.write(zeroWheels.set(nowNanos, 0, 0));
        velocity.write(zeroVelocity.set(nowNanos, 0, 0));
        publishRound();
    }

    private void updateDeliverable() {
        deliverable = failure == null && !closed && failedRounds < blockAfterFailedRounds && linkIsUp();
    }

    private boolean linkIsUp() {
        try {
            return linkUp.getAsBoolean();
        } catch (RuntimeException e) {
            failureLog.warn("reading the link's state threw:", e.toString());
            return false;
        }
    }

    /** The publisher thread's uncaught-exception handler: log, refuse further commands, try a zero. */
    private void publisherDied(Thread t, Throwable e) {
        deliverable = false;
        failure = e;
        refusal = new IllegalStateException("the command publisher " + t.getName() + " died: " + e, e);
        LOG.error("command publisher {} died; commands are refused from now on; trying a last zero", t.getName(), e);
        tryZero();
    }

    /** A zero on the current thread, which must be the only one publishing (the publisher is dead or never ran). */
    private void tryZero() {
        try {
            publishZero(clock.nanoTime());
        } catch (Throwable again) {
            LOG.error("the last zero could not be published either: {}", again.toString());
        } finally {
            finalZeroTried = true;
        }
    }

    /**
     * Publishes what is pending and then a zero, waits up to {@link #FINAL_ZERO_BOUND_MS} for
     * the publisher thread to have done so, and ends it; then {@link #afterStop()}. Idempotent.
     */
    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        running = false;
        deliverable = false;
        LockSupport.unpark(publisher);
        try {
            publisher.join(FINAL_ZERO_BOUND_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (publisher.isAlive()) {
            LOG.error("command publisher {} had not published the final zero after {} ms; stopping it",
                    publisher.getName(), FINAL_ZERO_BOUND_MS);
            publisher.interrupt();
        } else if (!finalZeroTried && publisher.getState() == Thread.State.TERMINATED) {
            tryZero(); // the publisher died before it could (one that never started has nothing to publish with)
        }
        afterStop();
    }

    /** Commands handed over by the control thread. */
    public final long sent() {
        return slots.sentCount();
    }

    /** Publishes that failed: reported by the transport, or thrown. Any thread. */
    public final long publishFailures() {
        return publishFailures;
    }

    /** Whether {@link #close} has published the final zero (or tried it for a dead publisher). Any thread. */
    public final boolean finalZeroSent() {
        return finalZeroTried;
    }
}
