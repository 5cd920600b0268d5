package io.policyrt.sim.run;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Simulation} on the wall clock in its own thread, the way a robot runs: physics in
 * fixed steps catching up with real time, sensors published at their own rate, the latest wheel
 * command taken whenever one arrives. Any thread can read the published state for status lines.
 */
public final class RealTimeSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealTimeSimulator.class);

    private final Simulation sim;
    private final NanoClock clock;
    private final SensorSlots slots;
    private final LatestValue<WheelCommand> commands;
    private final long sensorPeriodNanos;
    private final TickObserver observer;
    private volatile boolean running;
    private Thread thread;

    // State for other threads (status line, plots), written by the sim thread each sensor period.
    private volatile double xM;
    private volatile double yM;
    private volatile double vMps;
    private volatile double timeS;
    private volatile boolean over;

    /**
     * @param sim       the world; its time zero must be {@code clock}'s reading when started
     * @param commands  wheel commands from the controller (this thread is their only reader)
     * @param observer  called on the sim thread after each sensor publish (may be {@link TickObserver#NONE});
     *                  its tick argument is null here
     */
    public RealTimeSimulator(Simulation sim, NanoClock clock, SensorSlots slots, LatestValue<WheelCommand> commands,
                             long sensorPeriodNanos, TickObserver observer) {
        this.sim = sim;
        this.clock = clock;
        this.slots = slots;
        this.commands = commands;
        this.sensorPeriodNanos = sensorPeriodNanos;
        this.observer = observer;
    }

    public synchronized void start() {
        running = true;
        sim.publishPath(slots);
        thread = new Thread(this::run, "policyrt-sim");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            long nextSensor = sim.nowNanos();
            while (running) {
                long now = clock.nanoTime();
                if (commands.refresh()) {
                    WheelCommand c = commands.latest();
                    sim.command(c.leftRadps(), c.rightRadps());
                }
                sim.advanceTo(now);
                if (sim.nowNanos() >= nextSensor) {
                    sim.publishSensors(slots);
                    sim.sampleMetrics();
                    observer.afterTick(sim, null);
                    xM = sim.robot().xM();
                    yM = sim.robot().yM();
                    vMps = sim.robot().bodyVMps();
                    timeS = sim.timeS();
                    over = sim.episodeOver();
                    nextSensor += sensorPeriodNanos;
                    if (nextSensor < sim.nowNanos()) {
                        nextSensor = sim.nowNanos() + sensorPeriodNanos;
                    }
                }
                LockSupport.parkNanos(Math.max(sim.physicsStepNanos(), 100_000L));
            }
        } catch (RuntimeException e) {
            LOG.error("simulator failed", e);
            over = true;
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public Simulation simulation() { return sim; }
    public double xM() { return xM; }
    public double yM() { return yM; }
    public double vMps() { return vMps; }
    public double timeS() { return timeS; }
    /** Path completed, collision or time limit. */
    public boolean episodeOver() { return over; }
}
