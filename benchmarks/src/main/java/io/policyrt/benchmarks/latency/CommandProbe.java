package io.policyrt.benchmarks.latency;

import io.policyrt.controller.time.NanoClock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Where commands come back to the sensor driver: for each command that echoes an odometry stamp,
 * records the driver's clock at arrival minus that stamp, the sensor-to-command latency on one
 * clock. Any number of transport threads may call {@link #onCommand}.
 */
public final class CommandProbe {
    private final NanoClock clock;
    /** Per-hop timing of the commands, or null. */
    private final CommandHops hops;
    private final Recorder latency = new Recorder(3);
    private final Histogram accumulated = new Histogram(3);
    private Histogram recycled;
    private volatile long commands;
    private volatile long withoutEcho;
    private volatile long stops;

    public CommandProbe(NanoClock clock) {
        this(clock, null);
    }

    /** A probe that also completes each command's {@link CommandHops} entry at its arrival. */
    CommandProbe(NanoClock clock, CommandHops hops) {
        this.clock = clock;
        this.hops = hops;
    }

    /**
     * One command arrived.
     *
     * @param odometryStampNanos the echoed stamp of the odometry it was computed from; 0 when none
     * @param stop               whether it commands zero speed
     */
    public void onCommand(long odometryStampNanos, boolean stop) {
        long now = clock.nanoTime();
        if (hops != null && !stop) {
            hops.arrived(odometryStampNanos, System.nanoTime());
        }
        synchronized (this) {
            commands++;
            if (stop) {
                stops++;
            }
            if (odometryStampNanos <= 0) {
                withoutEcho++;
                return;
            }
        }
        latency.recordValue(Math.max(0, now - odometryStampNanos));
    }

    /** Forgets everything recorded so far (after warm-up). */
    public synchronized void reset() {
        if (hops != null) {
            hops.reset();
        }
        recycled = latency.getIntervalHistogram(recycled);
        accumulated.reset();
        commands = 0;
        withoutEcho = 0;
        stops = 0;
    }

    /** Copy of the latencies recorded since the last reset [ns]. */
    public synchronized Histogram latency() {
        recycled = latency.getIntervalHistogram(recycled);
        accumulated.add(recycled);
        return accumulated.copy();
    }

    public long commands() { return commands; }
    /** Commands that carried no odometry stamp (sent before any odometry arrived). */
    public long withoutEcho() { return withoutEcho; }
    /** Commands of zero speed: a stop the controller chose (stale input, ...), not a driving command. */
    public long stops() { return stops; }
}
