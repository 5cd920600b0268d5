package io.policyrt.drivers.outbound;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.slot.LatestValue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-off every transport's command sink shares: {@link #send} only copies the command into
 * the latest-value slots of an {@link InProcessCommandSink} (no allocation, no lock, no I/O on the
 * control thread); a publisher thread
 * wakes on each new command and lets the transport publish it. If the publisher falls behind,
 * older commands are skipped for the newest. {@link #close} publishes the last pending command
 * (the loop's final stop) before the thread ends.
 *
 * <p>A subclass sets up its publishers and then calls {@link #start()} at the end of its
 * constructor, so the thread never sees a half-built sink.
 */
public abstract class HandOffCommandSink implements CommandSink {
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final InProcessCommandSink slots = new InProcessCommandSink();
    private final LatestValue<WheelCommand> wheels = slots.wheels();
    private final LatestValue<VelocityCommand> velocity = slots.velocity();
    private final Thread publisher;
    private volatile boolean running = true;

    /** @param threadName the publisher thread's name */
    protected HandOffCommandSink(String threadName) {
        publisher = new Thread(this::run, threadName);
        publisher.setDaemon(true);
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
     * what is new; returns whether anything was. Handles its own failures (log, count): it must
     * not throw.
     */
    protected abstract boolean publishPending(LatestValue<WheelCommand> wheels, LatestValue<VelocityCommand> velocity);

    /** After the publisher thread has ended in {@link #close}: release the transport's publishers. */
    protected void afterStop() {
    }

    /** Control thread: hands the command to the publisher thread and returns. */
    @Override
    public final void send(WheelCommand wheelCommand, VelocityCommand velocityCommand) {
        slots.send(wheelCommand, velocityCommand); // the velocity's publish wakes the publisher thread
    }

    private void run() {
        while (running) {
            if (!publishPending(wheels, velocity)) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
        publishPending(wheels, velocity); // the loop's final stop command
    }

    /** Publishes the last pending command and stops the publisher thread, then {@link #afterStop()}. */
    @Override
    public final void close() {
        running = false;
        LockSupport.unpark(publisher);
        try {
            publisher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        afterStop();
    }

    /** Commands handed over by the control thread. */
    public final long sent() {
        return slots.sentCount();
    }
}
